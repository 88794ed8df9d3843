"""Demo data of the optouts app (called by ``manage.py seed_demo``): opt-outs from a STOP reply, by hand and from a
file, one closed by START; an account with account-wide scope; a small DNC list; keywords in force and coming;
an ISV shortener domain and a confirmed brand domain; keyword requests pending, approved and refused."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign

from . import services
from .choices import OptOutSource
from .models import BlockedKeyword, BrandDomain, DncList, KeywordExemption, OptOut, ShortenerDomain

DNC_NUMBERS = b"number,source\n2025550150,complaint\n2025550151,complaint\n+13105550152,carrier\n3125550153,internal\n"


def seed(base, brands) -> None:
    customer_a, customer_b = base.users["customer-a"], base.users["customer-b"]
    manager, analyst = base.users["manager"], base.users["analyst"]
    dental = base.sub_accounts["Acme Dental"]
    civic = base.sub_accounts["Beacon Civic"]
    now = timezone.now()

    # events' demo replies STOP too (through the same receiver): look for this demo's own rows.
    if not OptOut.objects.filter(number="+12025550172").exists():
        services.optouts_inbound(
            account_id=dental.account_id,
            sub_account_id=dental.pk,
            sender="+12025550181",
            number="+12025550170",
            kind="opt_out",
            at=now - timedelta(days=3),
            message_id="SMdemo0001",
        )
        services.optouts_inbound(
            account_id=dental.account_id,
            sub_account_id=dental.pk,
            sender="+12025550182",
            number="+12025550171",
            kind="opt_out",
            at=now - timedelta(days=2),
            message_id="SMdemo0002",
        )
        services.optouts_inbound(
            account_id=dental.account_id,
            sub_account_id=dental.pk,
            sender="+12025550183",
            number="+12025550171",
            kind="opt_in",
            at=now - timedelta(days=1),
            message_id="SMdemo0003",
        )
        services.optout_add(actor=customer_a, sub_account=dental, number="(202) 555-0172")
        services.optout_import(
            actor=customer_a, sub_account=dental, file=b"number\n+12025550173\n2025550174\n2025550175\n"
        )
        # Beacon chose account-wide scope: an opt-out from Civic blocks the number for every Beacon sub-account.
        services.optout_set_scope(actor=customer_b, account=civic.account, account_wide=True)
        services.optout_record(
            sub_account=civic, number="+12025550176", source=OptOutSource.INBOUND, sender="+12025550190"
        )

    if not DncList.objects.exists():
        # The import runs after commit (eagerly in the embedded default).
        with transaction.atomic():
            services.dnc_upload(
                actor=manager,
                name="Demo internal DNC",
                description="Numbers that complained to the ISV's support desk.",
                file=SimpleUploadedFile("internal-dnc.csv", DNC_NUMBERS, content_type="text/csv"),
            )

    if not BlockedKeyword.objects.exists():
        services.keyword_add(
            actor=manager, word="casino", now=now - timedelta(days=30), effective_at=now - timedelta(days=16)
        )
        services.keyword_add(
            actor=manager, word="payday loan", now=now - timedelta(days=40), effective_at=now - timedelta(days=26)
        )
        services.keyword_add(actor=manager, word="jackpot", now=now, note="AUP update (demo)")
        lottery = services.keyword_add(actor=manager, word="lottery", now=now - timedelta(days=30))
        services.keyword_retire(actor=manager, keyword=lottery, now=now)

    if not ShortenerDomain.objects.exists():
        ShortenerDomain.objects.create(domain="isvlinks.io", note="The ISV's own link shortener (demo).")
    brand = brands.get("dental")
    if brand is not None and not BrandDomain.objects.exists():
        services.brand_domain_confirm(actor=analyst, brand=brand, domain="acme.isvlinks.io", note="Demo")

    if not KeywordExemption.objects.exists():
        campaign = Campaign.objects.filter(brand__sub_account=dental).order_by("pk").first()
        services.exemption_request(  # left pending for the queue
            actor=customer_a,
            sub_account=dental,
            word="casino",
            justification="Our charity gala has a licensed casino-night fundraiser.",
            examples="Acme Dental charity gala: casino night on Friday! Reply STOP to opt out.",
        )
        approved = services.exemption_request(
            actor=customer_a,
            sub_account=dental,
            word="payday loan",
            justification="Staff payroll reminders mention the payday loan programme we warn patients about.",
            campaign=campaign,
        )
        services.exemption_decide(
            actor=analyst,
            exemption=approved,
            decision="approve",
            scope="campaign" if campaign else "sub_account",
            expires_at=now + timedelta(days=90),
            reason="Educational content, one campaign, 90 days.",
        )
        refused = services.exemption_request(
            actor=customer_b, sub_account=civic, word="casino", justification="Casino tax notices."
        )
        services.exemption_decide(
            actor=analyst,
            exemption=refused,
            decision="refuse",
            reason="Use 'gaming tax' instead; casino stays blocked.",
        )
