from django import forms

from .choices import Vendor, VetClass


class VetRequestForm(forms.Form):
    vet_class = forms.ChoiceField(choices=VetClass.choices)
    vendor = forms.ChoiceField(choices=Vendor.choices)
    token = forms.CharField(
        required=False, max_length=64, help_text="Leave empty to order a new vet; give a token to import one."
    )


class VetResultForm(forms.Form):
    status = forms.CharField(
        max_length=40, help_text="Vendor status, e.g. ACTIVE, FAIL, REVIEW, UNSCORE, SUCCESS, CONTACT_VENDOR, ERROR"
    )
    score = forms.CharField(required=False, max_length=8, help_text="0–100; required for ACTIVE")
    token = forms.CharField(required=False, max_length=64)
    report = forms.FileField(required=False, help_text="Enhanced vets: the vendor's report")
    version = forms.IntegerField(widget=forms.HiddenInput)
