"""Field shapes for the notification pages; the rules are in ``notifications.services``."""

from django import forms

from .choices import Category, EmailMode


class PreferenceForm(forms.Form):
    """One choice per category: immediately, in the daily digest, or no email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Category.choices:
            self.fields[value] = forms.ChoiceField(label=label, choices=EmailMode.choices)


class ContactForm(forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=120, required=False)


class EndpointForm(forms.Form):
    url = forms.CharField(label="URL", max_length=2000, help_text="https://… — the address that receives the POSTs.")
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave every box empty to receive every event.",
    )
    active = forms.BooleanField(required=False, label="On (deliveries are sent)")

    def __init__(self, *args, type_choices=(), with_active: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = list(type_choices)
        if not with_active and not self.initial:
            del self.fields["active"]
