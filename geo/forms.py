"""Forms of the geo pages: field shapes only; the rules are in ``geo.services``."""

from django import forms

from .choices import RequestDecision
from .constants import MAX_JUSTIFICATION


class RequestForm(forms.Form):
    sub_account = forms.TypedChoiceField(label="Sub-account", coerce=int)
    country = forms.ChoiceField(label="Country")
    justification = forms.CharField(
        label="Why do you send there?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_JUSTIFICATION,
        help_text="Who the recipients are and why they expect your messages; the compliance team reads it.",
    )

    def __init__(self, *args, sub_accounts, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_account"].choices = sub_accounts
        self.fields["country"].choices = countries


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=RequestDecision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Required to refuse; the customer reads it."
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
