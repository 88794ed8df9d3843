"""Demo campaigns (part of ``seed_demo``): one in every state, findings, a closed one, an escalated one,
V7 (flagged by a vet that completed later) and V8 (Low Volume Mixed)."""

from __future__ import annotations

from accounts.demo import DemoAccounts
from brands.models import Brand
from vetting import services as vetting_services
from vetting.choices import VetClass, VetStatus

from . import services
from .choices import Carrier, CarrierSource, CarrierState, ManualCheck
from .models import Campaign

ALL_TICKED = dict.fromkeys(ManualCheck.values, True)


def _content(name: str, site: str, **overrides) -> dict:
    data = {
        "use_case": "ACCOUNT_NOTIFICATION",
        "description": f"{name} sends appointment reminders and account updates to customers who opted in online.",
        "message_flow": (
            f"Customers opt in on {site}/sms by entering their number and ticking an optional, unchecked box: "
            f'"Yes, send me updates from {name}. Msg frequency varies. Msg & data rates may apply. Reply HELP for '
            f'help, STOP to cancel. Terms: {site}/terms Privacy: {site}/privacy" '
            "No mobile information will be shared with third parties."
        ),
        "sample_messages": [
            f"{name}: reminder of your appointment on Tue 5/14 at 2:30 PM. Reply C to confirm.",
            f"{name}: your account details changed today. Questions? Reply HELP. Reply STOP to opt out.",
        ],
        "optin_message": (
            f"{name}: you are subscribed to account updates. Msg frequency varies. Msg & data rates may apply. "
            "Reply HELP for help, STOP to cancel."
        ),
        "optin_keywords": "JOIN, START",
        "help_message": f"{name}: for help call +1 202 555 0101 or visit {site}/help.",
        "help_keywords": "HELP, INFO",
        "optout_message": f"{name}: you are unsubscribed and will receive no further messages.",
        "optout_keywords": "STOP, END, CANCEL",
        "privacy_policy_url": f"{site}/privacy",
        "terms_url": f"{site}/terms",
        "website": site,
    }
    data.update(overrides)
    return data


def seed(brands: dict[str, Brand], base: DemoAccounts) -> None:
    if Campaign.objects.exists():
        return
    analyst = base.users["analyst"]
    customer_a, customer_b = base.users["customer-a"], base.users["customer-b"]
    dental, foundation, civic, city = brands["dental"], brands["foundation"], brands["civic"], brands["city"]
    dental_site = "https://acmedental.example.com"

    def create(customer, brand, **content):
        name = brand.display_name or brand.legal_name
        return services.campaign_create(
            actor=customer, brand=brand, data=_content(name, content.pop("site", dental_site), **content)
        )

    def submit(customer, campaign):
        return services.campaign_submit(actor=customer, campaign=campaign)

    # Approved notifications, then suspended for a violation and reinstated (C8).
    notify = submit(customer_a, create(customer_a, dental))
    services.campaign_review(actor=analyst, campaign=notify, decision="approve", checklist=ALL_TICKED)
    services.campaign_suspend(actor=analyst, campaign=notify, reason="Opt-out rate 0.9 % on 2026-11-02 (demo).")
    services.campaign_reinstate(actor=analyst, campaign=notify, reason="Opt-out handling fixed; rate back to 0.2 %.")
    # N3: each carrier's decision — recorded by staff, or reported by the registry's webhook.
    for carrier, state in (
        (Carrier.T_MOBILE, CarrierState.APPROVED),
        (Carrier.ATT, CarrierState.APPROVED),
        (Carrier.VERIZON, CarrierState.APPROVED),
        (Carrier.US_CELLULAR, CarrierState.PENDING),
    ):
        services.campaign_carrier_set(
            actor=None, campaign=notify, carrier=carrier, status=state, source=CarrierSource.REGISTRY
        )

    # Rejected marketing: a public URL shortener and no promotional disclosure in the CTA (the customer sees both).
    promo = create(
        customer_a,
        dental,
        use_case="MARKETING",
        description="Acme Dental sends monthly whitening offers and seasonal promotions to patients who opted in.",
        sample_messages=["Acme Dental: 20% off whitening this month! Book at https://bit.ly/acme-white. STOP to end."],
        embedded_link=True,
    )
    submit(customer_a, promo)
    services.campaign_review(
        actor=analyst,
        campaign=promo,
        decision="reject",
        codes=["6013", "3014A"],
        reason="Use your own domain for links and say in the CTA that messages are promotional.",
    )

    # Closed: sweepstakes are gambling, which has no remediation (C5).
    sweeps = submit(
        customer_a,
        create(
            customer_a,
            dental,
            use_case="MIXED",
            sub_use_cases=["MARKETING", "ACCOUNT_NOTIFICATION"],
            description="Acme Dental runs a monthly patient raffle and sends appointment reminders.",
        ),
    )
    services.campaign_review(actor=analyst, campaign=sweeps, decision="reject", codes=["704"], reason="Raffle.")

    # Escalated: rejected five times (808 added by the system); the sixth submission waits for a manager (C6).
    care = create(customer_a, dental, use_case="CUSTOMER_CARE", description="Acme Dental answers patient questions.")
    for attempt in range(1, 6):
        submit(customer_a, care)
        services.campaign_review(actor=analyst, campaign=care, decision="reject", codes=["2002"], reason="Too vague.")
        services.campaign_update(
            actor=customer_a,
            campaign=care,
            data={"description": f"Acme Dental answers patient questions by text (revision {attempt + 1})."},
        )
    submit(customer_a, care)

    # A draft with findings the customer is still fixing (brand name missing, no opt-in message).
    create(
        customer_a,
        dental,
        use_case="2FA",
        description="One-time passcodes for the Acme Dental patient portal.",
        sample_messages=["Your code is 483920. It expires in 10 minutes."],
        optin_message="",
    )

    # V8: Low Volume Mixed, approved, never gains throughput from a vet.
    low = submit(
        customer_a,
        create(
            customer_a,
            foundation,
            use_case="LOW_VOLUME",
            sub_use_cases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"],
            site="https://acmefoundation.example.org",
        ),
    )
    services.campaign_review(actor=analyst, campaign=low, decision="approve", checklist=ALL_TICKED)
    services.campaign_carrier_set(actor=analyst, campaign=low, carrier=Carrier.ATT, status=CarrierState.APPROVED)
    services.campaign_carrier_set(
        actor=analyst,
        campaign=low,
        carrier=Carrier.T_MOBILE,
        status=CarrierState.SUSPENDED,
        reason="Opt-out rate above T-Mobile's limit in the last 30 days (demo).",
    )

    # V7: a charity campaign approved, then the foundation's enhanced vet completes → it needs a resubmission.
    charity = submit(
        customer_a,
        create(
            customer_a,
            foundation,
            use_case="CHARITY",
            site="https://acmefoundation.example.org",
            description="Acme Community Foundation asks supporters to donate to its food bank; 501(c)(3) charity.",
            message_flow=(
                "Supporters opt in at https://acmefoundation.example.org/sms with an optional, unchecked box: "
                '"Yes, send me donation requests and updates from Acme Community Foundation. Msg frequency varies. '
                "Msg & data rates may apply. Reply HELP for help, STOP to cancel. Terms: "
                'https://acmefoundation.example.org/terms Privacy: https://acmefoundation.example.org/privacy" '
                "No mobile information will be shared with third parties."
            ),
            sample_messages=[
                "Acme Community Foundation: help us stock the food bank. Donate at "
                "https://acmefoundation.example.org/give. Reply STOP to opt out."
            ],
            embedded_link=True,
        ),
    )
    services.campaign_review(actor=analyst, campaign=charity, decision="approve", checklist=ALL_TICKED)
    services.campaign_carrier_set(
        actor=None,
        campaign=charity,
        carrier=Carrier.ATT,
        status=CarrierState.REJECTED,
        reason="The sample messages do not name the charity's 501(c)(3) status.",
        source=CarrierSource.REGISTRY,
    )
    enhanced = foundation.vets.filter(vet_class=VetClass.ENHANCED, status=VetStatus.PENDING).first()
    if enhanced is not None:
        vetting_services.vet_record_result(actor=analyst, vet=enhanced, status="ACTIVE", score=68)

    # Customer B: a political campaign waiting for review (ACTIVE Campaign Verify vet), and a draft the city
    # cannot submit yet (its identity is UNVERIFIED: C7).
    submit(
        customer_b,
        create(
            customer_b,
            civic,
            site="https://beaconcivic.example.org",
            use_case="POLITICAL",
            description="Beacon Civic Action (FEC committee C00123456) sends voter-registration reminders and "
            "event invitations to supporters who opted in; https://beaconcivic.example.org.",
        ),
    )
    create(
        customer_b,
        city,
        site="https://beacon.example.gov",
        use_case="PUBLIC_SERVICE_ANNOUNCEMENT",
        description="The City of Beacon sends street-closure and weather alerts to residents who opted in.",
    )
