"""The destination catalogue (M1.1, M1.2): every country pycountry knows, with a risk level and region from the
data files; managers edit it in the admin (audited), analysts only read it."""

import pycountry
import pytest

from audit.models import AuditEvent
from geo.catalogue import catalogue_rows
from geo.models import Country

pytestmark = pytest.mark.django_db


def test_every_pycountry_country_is_in_the_catalogue_with_a_region():
    codes = {country.alpha_2 for country in pycountry.countries}
    rows = catalogue_rows()
    assert {row["code"] for row in rows} == codes
    assert set(Country.objects.values_list("code", flat=True)) == codes
    assert all(row["risk_level"] in ("LOW", "MEDIUM", "HIGH") for row in rows)
    assert all(row["region"] for row in rows)


def test_defaults_of_the_data_file():
    assert Country.objects.get(code="US").risk_level == "LOW"
    sanctioned = set(Country.objects.filter(hard_disabled=True).values_list("code", flat=True))
    assert {"CU", "IR", "KP", "SY"} <= sanctioned
    assert not Country.objects.filter(hard_disabled=True).exclude(risk_level="HIGH").exists()


def test_manager_edits_risk_level_in_the_admin_and_it_is_audited(client_for, manager):
    client = client_for(manager)
    assert client.get("/admin/geo/country/").status_code == 200
    response = client.post("/admin/geo/country/MX/change/", {"risk_level": "HIGH", "hard_disabled": "on"})
    assert response.status_code == 302
    mexico = Country.objects.get(code="MX")
    assert (mexico.risk_level, mexico.hard_disabled) == ("HIGH", True)
    event = AuditEvent.objects.get(action="catalogue_changed", subject_id="MX")
    assert event.actor == manager and event.data["after"] == {"risk_level": "HIGH", "hard_disabled": True}


def test_analyst_cannot_edit_the_catalogue(client_for, analyst):
    client = client_for(analyst)
    response = client.post("/admin/geo/country/MX/change/", {"risk_level": "LOW"})
    assert response.status_code == 403
    assert Country.objects.get(code="MX").risk_level == "MEDIUM"
