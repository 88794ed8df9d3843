from django import forms


class SubAccountForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="Usually the end brand's name.")
