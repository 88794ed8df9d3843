"""Campaign data and helpers that drive campaigns through the real services."""

from campaigns import services
from campaigns.choices import ManualCheck

ALL_TICKED = dict.fromkeys(ManualCheck.values, True)


def campaign_data(**overrides) -> dict:
    """A compliant ACCOUNT_NOTIFICATION campaign for the "Acme Dental" brand of ``brand_data()`` (no findings)."""
    data = {
        "use_case": "ACCOUNT_NOTIFICATION",
        "description": "Acme Dental sends appointment reminders and confirmations to patients who opted in online.",
        "message_flow": (
            "Patients opt in on https://acmedental.example.com/sms by entering their number and ticking an optional, "
            'unchecked box: "Yes, send me appointment reminders from Acme Dental. Msg frequency varies. '
            "Msg & data rates may apply. Reply HELP for help, STOP to cancel. Terms: "
            'https://acmedental.example.com/terms Privacy: https://acmedental.example.com/privacy" '
            "No mobile information will be shared with third parties."
        ),
        "sample_messages": [
            "Acme Dental: reminder of your cleaning on Tue 5/14 at 2:30 PM. Reply C to confirm.",
            "Acme Dental: your appointment on Mon 6/3 at 9:00 AM is confirmed. Reply STOP to opt out.",
        ],
        "optin_message": (
            "Acme Dental: you are subscribed to appointment reminders. Msg frequency varies. "
            "Msg & data rates may apply. Reply HELP for help, STOP to cancel."
        ),
        "optin_keywords": "JOIN, START",
        "help_message": "Acme Dental: for help email care@acmedental.example.com or call +1 202 555 0123.",
        "help_keywords": "HELP, INFO",
        "optout_message": "Acme Dental: you are unsubscribed and will receive no further messages.",
        "optout_keywords": "STOP, END, CANCEL",
        "privacy_policy_url": "https://acmedental.example.com/privacy",
        "terms_url": "https://acmedental.example.com/terms",
        "website": "https://acmedental.example.com",
        "embedded_phone": True,
    }
    data.update(overrides)
    return data


def make_campaign(*, customer, brand, status="draft", analyst=None, **overrides):
    """A campaign driven through the real services to ``status`` (draft, submitted, approved, rejected)."""
    campaign = services.campaign_create(actor=customer, brand=brand, data=campaign_data(**overrides))
    if status != "draft":
        campaign = services.campaign_submit(actor=customer, campaign=campaign)
    if status == "approved":
        services.campaign_review(actor=analyst, campaign=campaign, decision="approve", checklist=ALL_TICKED)
    elif status == "rejected":
        services.campaign_review(actor=analyst, campaign=campaign, decision="reject", codes=["6012"], reason="Name it")
    campaign.refresh_from_db()
    return campaign
