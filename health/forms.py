"""Forms of the health pages: field shape only (the rules are in services)."""

from django import forms

from .choices import Severity, Step, ViolationKind


class ViolationForm(forms.Form):
    sub_account = forms.IntegerField(min_value=1, label="Sub-account id")
    kind = forms.ChoiceField(choices=ViolationKind.choices)
    severity = forms.ChoiceField(choices=Severity.choices)
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)


class ApplyStepForm(forms.Form):
    step = forms.TypedChoiceField(choices=Step.choices, coerce=int)
    target = forms.CharField(
        required=False,
        max_length=40,
        help_text="For the sender id or campaign step: a campaign (C-12) or a sender number (+15551234567).",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CompromiseForm(forms.Form):
    sub_account = forms.ModelChoiceField(queryset=None, empty_label=None, label="Sub-account whose traffic is affected")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        label="What happened",
        help_text="What you noticed, since when, and the numbers or campaigns affected.",
    )

    def __init__(self, *args, sub_accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_account"].queryset = sub_accounts
