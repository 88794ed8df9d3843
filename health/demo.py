"""Demo data of the health app (``manage.py seed_demo``): 90 days of daily figures for the demo sub-accounts,
judged on the real path (events' ``figures_updated`` → ``day_judge``), so there are good, watch, bad and
low-volume days, an open case with several bad days, violations (automatic and by staff), a proposed step, an
applied step, a reinstated one and an urgent compromise case."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.demo import DemoAccounts
from campaigns.choices import CampaignStatus
from campaigns.models import Campaign
from events.models import DailyFigure
from events.signals import figures_updated

from . import services
from .choices import Severity, Step, ViolationKind
from .constants import CHART_DAYS
from .models import Violation

#: sub-account → a function of days ago giving (sent, delivered, errors, opt_outs).
PROFILES = {
    # Healthy, with two recent watch days (14 opt-outs of about 3,900 delivered: 0.36 %): the customer's reminder.
    "Acme Dental": lambda n, r: (4000, None, r.randint(40, 120), 14 if n in (1, 2) else 4),
    # Low volume throughout: never judged.
    "Acme Realty": lambda n, r: (r.randint(10, 99), None, r.randint(0, 5), 0),
    # Recent bad days (8 % errors) after a good spell: an open case, violations and a proposed step.
    "Acme Coffee": lambda n, r: (2000, None, 160 if n in (1, 2, 3) else r.randint(20, 60), 2),
    # One bad opt-out day 40 days ago (0.5 %), else good: an applied step, since reinstated.
    "Beacon Retail": lambda n, r: (3000, None, r.randint(20, 90), 15 if n == 40 else 3),
    # Good days only.
    "Beacon Civic": lambda n, r: (1500, None, r.randint(10, 60), 1),
}


def _figures(sub_account, days: int, profile, rnd: random.Random) -> None:
    today = timezone.now().date()
    for n in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=n)
        sent, delivered, errors, opt_outs = profile(n, rnd)
        delivered = sent - errors if delivered is None else delivered
        DailyFigure.objects.update_or_create(
            sub_account=sub_account,
            day=day,
            defaults={
                "account_id": sub_account.account_id,
                "sent": sent,
                "delivered": delivered,
                "errors": errors,
                "opt_outs": opt_outs,
            },
        )
        figures_updated.send(sender=DailyFigure, sub_account_id=sub_account.pk, day=day)


def seed(base: DemoAccounts, brands) -> None:
    if Violation.objects.exists():
        return
    rnd = random.Random(20261130)
    for name, profile in PROFILES.items():
        if (sub_account := base.sub_accounts.get(name)) is not None:
            _figures(sub_account, CHART_DAYS, profile, rnd)
    analyst, customer_b = base.users["analyst"], base.users["customer-b"]
    coffee, retail, civic = (base.sub_accounts[n] for n in ("Acme Coffee", "Beacon Retail", "Beacon Civic"))

    # Acme Coffee: its three bad days are three violations; staff add a complaint. The ladder proposes the
    # sub-account step (3+ in 30 days); nothing is applied, so the proposal waits for staff.
    services.violation_record(
        actor=analyst,
        sub_account=coffee,
        kind=ViolationKind.COMPLAINT,
        severity=Severity.MINOR,
        evidence="A carrier forwarded two subscriber complaints about unsolicited promotions (week 47).",
    )

    # Beacon Retail: its bad day's violation was answered by a sub-account suspension, later reinstated, and a
    # warning for a prohibited-content finding stands.
    campaign = Campaign.objects.filter(brand__sub_account=retail, status=CampaignStatus.APPROVED).first()
    held = services.enforcement_apply(
        actor=analyst, sub_account=retail, step=Step.SUB_ACCOUNT, reason="Opt-out rate 0.5 % and no reply to us."
    )
    services.enforcement_reinstate(
        actor=analyst, action=held, reason="The customer removed the purchased list and showed opt-in records."
    )
    services.violation_record(
        actor=analyst,
        sub_account=retail,
        kind=ViolationKind.PROHIBITED_CONTENT,
        severity=Severity.MINOR if campaign is None else Severity.MAJOR,
        evidence="Sample traffic offered 'no credit check' loans (prohibited content: loans).",
    )
    if campaign is not None:
        services.enforcement_apply(
            actor=analyst,
            sub_account=retail,
            step=Step.SENDER_OR_CAMPAIGN,
            reason="Loan offers sent on this campaign.",
            campaign=campaign,
        )
    else:
        services.enforcement_apply(actor=analyst, sub_account=retail, step=Step.WARNING, reason="Loan offers found.")

    # Beacon Civic: the customer reports a compromise — an urgent case at the top of the queue.
    services.compromise_report(
        actor=customer_b,
        sub_account=civic,
        description="Our API key leaked in a public repository last night; we rotated it at 07:10 UTC.",
    )
