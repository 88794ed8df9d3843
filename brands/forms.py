"""Field shapes for the brand pages. Rules and normalisation live in brands.services/validation."""

from django import forms

from accounts.models import SubAccount

from .choices import (
    EntityType,
    IdentityFeedback,
    IdentityStatus,
    ManualCheck,
    ReviewDecision,
    StockExchange,
    TaxExemptStatus,
    Vertical,
)


class BrandForm(forms.Form):
    sub_account = forms.ModelChoiceField(queryset=SubAccount.objects.none(), help_text="One sub-account per end brand.")
    legal_name = forms.CharField(label="Legal company name", max_length=255)
    display_name = forms.CharField(label="Display / DBA name", max_length=255, required=False)
    entity_type = forms.ChoiceField(choices=EntityType.choices)
    # Not required here: the service answers a sole proprietor without an EIN with 802, others "required".
    tax_id = forms.CharField(
        label="Tax id (EIN)", max_length=30, required=False, help_text="US EIN: 9 digits, NN-NNNNNNN accepted."
    )
    tax_id_country = forms.CharField(
        label="Tax id issuing country", max_length=2, initial="US", help_text="ISO code, e.g. US"
    )
    vertical = forms.ChoiceField(choices=Vertical.choices)
    website = forms.CharField(max_length=255, required=False, help_text="The brand's own domain, not a social page.")
    email = forms.CharField(label="Business contact email", max_length=254)
    email_2fa_confirmed = forms.BooleanField(
        label="Business contact email 2FA completed (public companies)", required=False
    )
    phone = forms.CharField(max_length=30, help_text="E.164, e.g. +12025550123")
    street = forms.CharField(max_length=255, required=False)
    city = forms.CharField(max_length=120, required=False)
    state = forms.CharField(max_length=60, required=False)
    postal_code = forms.CharField(max_length=20, required=False)
    country = forms.CharField(max_length=2, initial="US", required=False)
    stock_symbol = forms.CharField(max_length=10, required=False, help_text="Publicly traded companies")
    stock_exchange = forms.ChoiceField(choices=[("", "—"), *StockExchange.choices], required=False)
    tax_exempt_status = forms.ChoiceField(
        label="Tax-exempt status",
        choices=TaxExemptStatus.choices,
        initial=TaxExemptStatus.NONE,
        required=False,
        help_text="Non-profits only",
    )
    government_entity = forms.BooleanField(required=False, help_text="Government entities only")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["sub_account"]
        else:
            self.fields["sub_account"].queryset = SubAccount.objects.visible_to(user).select_related("account")
            del self.fields["version"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=ReviewDecision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    codes = forms.CharField(required=False, help_text="Rejection codes, comma-separated (e.g. 713, 1004)")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for check in ManualCheck:
            self.fields[f"check_{check.value}"] = forms.BooleanField(label=check.label, required=False)

    def checklist(self) -> dict[str, bool]:
        return {check.value: bool(self.cleaned_data.get(f"check_{check.value}")) for check in ManualCheck}

    def codes_list(self) -> list[str]:
        """Codes ticked in the picker (one ``codes`` value each) or typed comma-separated (API-style)."""
        values = self.data.getlist("codes") if hasattr(self.data, "getlist") else [self.cleaned_data.get("codes", "")]
        return [c.strip() for value in values for c in value.replace(";", ",").split(",") if c.strip()]


class IdentityForm(forms.Form):
    # No initial value: a preselected result would be recorded by an analyst who only meant to add a reason.
    identity_status = forms.ChoiceField(
        label="Registry result",
        choices=[(s.value, s.label) for s in (IdentityStatus.VERIFIED, IdentityStatus.UNVERIFIED)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the registry's result: Verified or Unverified."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for the identity result (the customer sees it)."},
    )
    feedback = forms.MultipleChoiceField(
        choices=IdentityFeedback.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
