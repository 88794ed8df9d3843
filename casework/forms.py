from django import forms

from accounts.models import User


def staff_choices():
    return User.objects.filter(is_staff=True, is_active=True, account__isnull=True).order_by("username")


class AssignForm(forms.Form):
    items = forms.TypedMultipleChoiceField(coerce=int, choices=())
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="— unassigned —")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_choices()

    def clean_items(self):
        return self.cleaned_data["items"]

    def valid_value(self, value):  # items are checked by the service (open, visible)
        return True


class CommentForm(forms.Form):
    # No max_length here: the service's limit (COMMENT_MAX_CHARS) is the one rule, and its refusal says by how much.
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(required=False, label="Internal note (staff only)")
