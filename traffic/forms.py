"""Page forms of the traffic app (field shape only; the services hold the rules)."""

from django import forms

from .choices import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="The platform that will use it, e.g. “Production sender”.")
    scopes = forms.MultipleChoiceField(
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TokenScope.CHECK],
        label="May be used for",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
