"""Field shapes for the campaign pages. Rules and normalisation live in campaigns.services/validation."""

from django import forms

from brands.models import Brand

from .choices import (
    ATTRIBUTE_FIELDS,
    ATTRIBUTE_LABELS,
    NUMBER_POOL_CHECK,
    NUMBER_POOL_CHECK_LABEL,
    SAMPLE_MESSAGES_MAX,
    SUB_USE_CASES,
    SUBSCRIBER_FIELDS,
    SUBSCRIBER_LABELS,
    ManualCheck,
    ReviewDecision,
    UseCase,
)

_TEXTAREA = {"rows": 3}
ATTRIBUTE_HELP = {
    "embedded_link": "Messages contain URLs (brand-owned domains only; no public shorteners).",
    "embedded_phone": "Messages contain phone numbers other than the sending number.",
    "number_pool": "Sends from a pool of 50+ numbers: needs a special carrier review (810).",
    "age_gated": "Alcohol, tobacco or firearms content behind an age gate.",
    "direct_lending": "The program is about a direct loan or loan arrangement.",
    "affiliate_marketing": "Content from affiliates or lead generation.",
}
SAMPLE_FIELDS = tuple(f"sample_message_{i}" for i in range(1, SAMPLE_MESSAGES_MAX + 1))


class CampaignForm(forms.Form):
    brand = forms.ModelChoiceField(queryset=Brand.objects.none(), help_text="The brand that sends the messages.")
    use_case = forms.ChoiceField(choices=[("", "—"), *UseCase.choices])
    sub_use_cases = forms.MultipleChoiceField(
        choices=[(value, UseCase(value).label) for value in SUB_USE_CASES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Mixed and Low volume mixed campaigns: tick 2 to 5.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs=_TEXTAREA), help_text="Purpose, audience and what the messages say (≤ 4,096)."
    )
    message_flow = forms.CharField(
        label="Call to action / message flow",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="How subscribers opt in, with the full CTA wording and the URL of any web form (40–2,048).",
    )
    sample_message_1 = forms.CharField(label="Sample message 1", widget=forms.Textarea(attrs={"rows": 2}))
    sample_message_2 = forms.CharField(
        label="Sample message 2", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    sample_message_3 = forms.CharField(
        label="Sample message 3", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    sample_message_4 = forms.CharField(
        label="Sample message 4", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    sample_message_5 = forms.CharField(
        label="Sample message 5", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    optin_message = forms.CharField(
        label="Opt-in confirmation message", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    optin_keywords = forms.CharField(
        label="Opt-in keywords", required=False, help_text="Comma-separated, e.g. JOIN, START"
    )
    help_message = forms.CharField(label="HELP message", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    help_keywords = forms.CharField(label="HELP keywords", required=False, initial="HELP")
    optout_message = forms.CharField(label="Opt-out message", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    optout_keywords = forms.CharField(label="Opt-out keywords", required=False, initial="STOP")
    privacy_policy_url = forms.CharField(label="Privacy policy URL", required=False)
    terms_url = forms.CharField(label="Terms & conditions URL", required=False)
    website = forms.CharField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ATTRIBUTE_FIELDS:
            self.fields[name] = forms.BooleanField(
                label=ATTRIBUTE_LABELS[name], required=False, help_text=ATTRIBUTE_HELP[name]
            )
        for name in SUBSCRIBER_FIELDS:
            self.fields[name] = forms.BooleanField(label=SUBSCRIBER_LABELS[name], required=False, initial=True)
        if editing:
            del self.fields["brand"]
        else:
            self.fields["brand"].queryset = Brand.objects.visible_to(user).select_related("sub_account__account")
            del self.fields["version"]

    def data_for_service(self) -> dict:
        cleaned = self.cleaned_data
        data = {name: cleaned[name] for name in self.fields if name not in ("brand", "version", *SAMPLE_FIELDS)}
        # Blank boxes are kept so refusals number the samples as the boxes are numbered; the service drops them.
        data["sample_messages"] = [cleaned.get(name) or "" for name in SAMPLE_FIELDS]
        return data

    @staticmethod
    def initial_for(content: dict) -> dict:
        samples = list(content.get("sample_messages") or [])
        initial = {k: v for k, v in content.items() if k != "sample_messages"}
        initial.update({name: samples[i] if i < len(samples) else "" for i, name in enumerate(SAMPLE_FIELDS)})
        return initial

    @staticmethod
    def raw_for_preview(post) -> dict:
        """The campaign fields of a half-typed form, for the live pre-screen (unticked boxes are absent)."""
        from .validation import FLAG_FIELDS

        raw = {name: post.get(name, "") for name in post if name not in ("brand", "version", "csrfmiddlewaretoken")}
        raw = {k: v for k, v in raw.items() if k not in SAMPLE_FIELDS and k not in FLAG_FIELDS}
        raw["sub_use_cases"] = post.getlist("sub_use_cases") if hasattr(post, "getlist") else []
        raw["sample_messages"] = [post.get(name, "") for name in SAMPLE_FIELDS if post.get(name, "").strip()]
        for name in FLAG_FIELDS:
            raw[name] = name in post
        return raw


class CampaignReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=ReviewDecision.choices, widget=forms.RadioSelect)
    codes = forms.MultipleChoiceField(required=False, choices=())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, codes=(), number_pool=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [(code, code) for code in codes]
        for check in ManualCheck:
            self.fields[f"check_{check.value}"] = forms.BooleanField(label=check.label, required=False)
        if number_pool:
            self.fields[f"check_{NUMBER_POOL_CHECK}"] = forms.BooleanField(
                label=NUMBER_POOL_CHECK_LABEL, required=False
            )

    def checklist(self) -> dict[str, bool]:
        return {
            name.removeprefix("check_"): bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("check_")
        }

    def check_fields(self):
        return [self[name] for name in self.fields if name.startswith("check_")]
