from django import forms

from accounts.models import Account
from brands.models import Brand

from .choices import PageSize, ReportFormat, ReportKind


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=ReportKind.choices, widget=forms.RadioSelect, initial=ReportKind.PERIOD_AUDIT)
    format = forms.ChoiceField(choices=ReportFormat.choices, widget=forms.RadioSelect, initial=ReportFormat.PDF)
    page_size = forms.ChoiceField(choices=PageSize.choices, required=False, label="Page size (PDF)")
    brand = forms.IntegerField(
        required=False,
        help_text="Brand dossier: the brand's id (B-123 → 123), or pick below",
        # The suggestions are the page's <datalist>; set here, no script is needed to attach them.
        widget=forms.NumberInput(attrs={"list": "brand-ids"}),
    )
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    account = forms.ModelChoiceField(queryset=Account.objects.none(), required=False, empty_label="All accounts")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.order_by("name")

    def params(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == ReportKind.BRAND_DOSSIER:
            return {"brand": data.get("brand")}
        account = data.get("account")
        return {"start": data.get("start"), "end": data.get("end"), "account": account.pk if account else None}


def recent_brands(limit: int = 200):
    return Brand.objects.order_by("-created_at").values_list("id", "legal_name", "display_name")[:limit]
