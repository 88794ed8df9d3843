"""Page forms: field shapes only; every rule is in ``optouts.services``."""

from django import forms

from .choices import ExemptionDecision, ExemptionScope, OptOutScope


class OptOutAddForm(forms.Form):
    sub_account = forms.TypedChoiceField(coerce=int, label="Sub-account")
    number = forms.CharField(max_length=32, label="Phone number", help_text="E.164 (+12125551234) or a US number.")
    scope = forms.ChoiceField(choices=[("", "As the account's setting"), *OptOutScope.choices], required=False)

    def __init__(self, *args, sub_accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_account"].choices = [(s.pk, s.friendly_name) for s in sub_accounts]


class OptOutImportForm(OptOutAddForm):
    number = None
    file = forms.FileField(label="CSV file", help_text="One number per row: a “number” column, or the first column.")


class DncUploadForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="A new name starts a list; an existing name replaces its numbers.")
    description = forms.CharField(max_length=500, required=False)
    file = forms.FileField(help_text="One number per line: 10-digit US numbers or E.164; plain text or CSV.")


class KeywordForm(forms.Form):
    word = forms.CharField(max_length=100, label="Word or phrase")
    effective_at = forms.DateTimeField(
        required=False, label="In force from (UTC)", help_text="At least 14 days from now; empty: in 14 days."
    )
    note = forms.CharField(max_length=255, required=False)


class ExemptionForm(forms.Form):
    sub_account = forms.TypedChoiceField(coerce=int, label="Sub-account")
    campaign = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Campaign (optional)")
    word = forms.CharField(max_length=100, label="Blocked word")
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    examples = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Example messages")

    def __init__(self, *args, sub_accounts=(), campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_account"].choices = [(s.pk, s.friendly_name) for s in sub_accounts]
        self.fields["campaign"].choices = [("", "—"), *((c.pk, f"#{c.pk} {c}") for c in campaigns)]


class ExemptionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=ExemptionDecision.choices)
    scope = forms.ChoiceField(choices=[("", "—"), *ExemptionScope.choices], required=False)
    expires_at = forms.DateTimeField(required=False, label="Expires (UTC, optional)")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class BrandDomainForm(forms.Form):
    brand = forms.IntegerField(label="Brand id", min_value=1)
    domain = forms.CharField(max_length=253)
    note = forms.CharField(max_length=255, required=False)
