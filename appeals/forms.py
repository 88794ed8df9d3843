from django import forms

from brands.choices import IdentityStatus

from .choices import AppealCategory, Decision
from .services import MAX_EXPLANATION_CHARS


class AppealForm(forms.Form):
    """Only the categories valid for the brand's entity type and the appeal type are offered (A5)."""

    categories = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=AppealCategory.choices)
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=MAX_EXPLANATION_CHARS,
        help_text="Why the result is wrong, and what the evidence shows.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(AppealCategory.choices)
        self.fields["categories"].choices = [(c, labels[c]) for c in categories]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="The customer sees this reason.")
    identity_status = forms.ChoiceField(
        choices=[(IdentityStatus.VERIFIED, "VERIFIED")], required=False, label="Approval grants"
    )
    score = forms.CharField(required=False, label="New score (0–100)", help_text="Vet appeals: the re-scored value.")
    version = forms.IntegerField(widget=forms.HiddenInput)
