"""N1 email: sent after commit through Django's email API with a text and an HTML part, per the reader's
preference (at once, daily digest, none); compliance contacts get traffic events at once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from core.errors import DomainError
from notifications import catalogue, services
from notifications.choices import EmailMode
from notifications.models import Notification
from notifications.tasks import send_digests
from tests.campaigns.factories import make_campaign
from tests.notifications.factories import raise_event

pytestmark = pytest.mark.django_db


def test_n1_rejection_email_has_text_and_html_with_the_remediation(
    customer_a, brand_a, analyst, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example"
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(customer=customer_a, brand=brand_a, status="submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        from campaigns import services as campaign_services

        campaign_services.campaign_review(
            actor=analyst, campaign=campaign, decision="reject", codes=["6012"], reason="Name the brand"
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert callbacks
    [message] = [m for m in mail.outbox if "rejected" in m.subject]
    assert message.to == [customer_a.email]
    assert message.subject.startswith("[Compliance Portal] Campaign")
    link = f"https://portal.example{campaign.get_absolute_url()}#decisions"
    assert link in message.body and "Name the brand" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html and "What to do:" in html
    assert "6012" not in message.subject
    assert Notification.objects.get(user=customer_a, event__type="campaign.rejected").email_state == "sent"


def test_n1_preferences_off_and_digest(customer_a, django_capture_on_commit_callbacks):
    services.email_preference_set(actor=customer_a, modes={"registration": EmailMode.DIGEST, "traffic": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        raise_event(account=customer_a.account, subject_id=1, label="First")
        raise_event(account=customer_a.account, subject_id=2, label="Second")
        raise_event(
            account=customer_a.account, spec=catalogue.AUDIT_ACTIONS[("campaign", "suspend")], subject_id=3, label="S"
        )
    assert mail.outbox == []
    states = dict(Notification.objects.filter(user=customer_a).values_list("event__subject_id", "email_state"))
    assert states == {"1": "digest", "2": "digest", "3": "none"}
    # Read in the portal before the digest: not mailed again.
    services.notification_mark_read(actor=customer_a, notification=Notification.objects.get(event__subject_id="2"))
    assert send_digests.apply().get() == 1
    [digest] = mail.outbox
    assert digest.subject == "[Compliance Portal] 1 update today"
    assert "First" in digest.body and "Second" not in digest.body
    assert "First" in digest.alternatives[0][0]
    assert send_digests.apply().get() == 0  # nothing twice


def test_n1_bad_preferences_are_refused(customer_a):
    with pytest.raises(DomainError) as refused:
        services.email_preference_set(actor=customer_a, modes={"registration": "hourly", "colour": "off"})
    assert set(refused.value.errors) == {"registration", "colour"}


def test_n1_compliance_contacts_get_traffic_events(customer_a, django_capture_on_commit_callbacks):
    services.contact_add(actor=customer_a, email="Oncall@Example.com", name="On call")
    with pytest.raises(DomainError) as refused:
        services.contact_add(actor=customer_a, email="oncall@example.com")
    assert refused.value.code == "duplicate"
    with django_capture_on_commit_callbacks(execute=True):
        raise_event(account=customer_a.account, subject_id=1)  # registration: users only
        raise_event(account=customer_a.account, spec=catalogue.AUDIT_ACTIONS[("campaign", "suspend")], subject_id=2)
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert recipients == [(customer_a.email,), (customer_a.email,), ("oncall@example.com",)]


def test_n1_preferences_page_and_contacts_tenancy(client_for, customer_a, customer_b, analyst):
    client = client_for(customer_a)
    response = client.post(
        reverse("email-preferences"),
        {"registration": "digest", "traffic": "immediate", "announcements": "off", "service": "immediate"},
    )
    assert response.status_code == 302
    assert customer_a.email_preference.registration == "digest"
    client.post(reverse("compliance-contact-add"), {"email": "ops@example.com"})
    contact = customer_a.account.pk and services.ComplianceContact.objects.get(email="ops@example.com")
    assert client_for(customer_b).post(reverse("compliance-contact-remove", args=[contact.pk])).status_code == 404
    assert client_for(analyst).post(reverse("compliance-contact-remove", args=[contact.pk])).status_code == 403
    assert 'data-testid="contacts"' not in client_for(analyst).get(reverse("email-preferences")).content.decode()


def test_n1_embedded_default_writes_mail_files(tmp_path, settings, customer_a, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        raise_event(account=customer_a.account)
    [written] = list(tmp_path.iterdir())
    assert "was approved" in written.read_text()
