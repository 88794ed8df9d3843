"""Bulk scale data for the queue benchmark: ``manage.py seed_scale --items 200000``.

Writes accounts, sub-accounts, brands, campaigns, vets and appeals waiting for review, and one open work
item for each, with bulk INSERTs (no services, no signals: this is load data for measuring pages, not a
way to register anything). Items get ages over the last 20 days, SLA due times from the SLA policies (a
share of them overdue), a share assigned to scale analysts and a share of brand items paused.
"""

from __future__ import annotations

import json
import random
import time
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.choices import ANALYST_GROUP
from accounts.models import Account, SubAccount, User
from appeals.models import Appeal
from brands.models import Brand
from campaigns.models import Campaign
from casework.models import SlaPolicy, WorkItem
from vetting.models import Vet

BATCH = 5000
WORDS = [
    "Acme",
    "Apex",
    "Beacon",
    "Birch",
    "Cedar",
    "Harbor",
    "Summit",
    "Maple",
    "Orchard",
    "Pioneer",
    "Quartz",
    "Riverside",
    "Sterling",
    "Willow",
    "Juniper",
    "Falcon",
    "Granite",
    "Lumen",
    "Meadow",
    "Northwind",
    "Oak",
    "Prairie",
    "Redwood",
    "Sage",
    "Tidewater",
    "Vista",
    "Atlas",
    "Cobalt",
    "Ember",
    "Horizon",
]
TRADES = [
    "Dental",
    "Realty",
    "Coffee",
    "Fitness",
    "Clinic",
    "Logistics",
    "Bank",
    "Florist",
    "Motors",
    "Pharmacy",
    "Bakery",
    "Studio",
    "Outfitters",
]
SUFFIXES = ("LLC", "Inc", "Corp", "Group LLC", "Co")
USE_CASES = ("ACCOUNT_NOTIFICATION", "MARKETING", "CUSTOMER_CARE", "2FA", "MIXED", "DELIVERY_NOTIFICATION")


def _insert(model, objs: list) -> list:
    """Bulk INSERT; on PostgreSQL through COPY (ids reserved from the table's sequence first), which is several
    times faster than ``bulk_create``'s parameter binding for hundreds of thousands of rows."""
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=BATCH)
    table = model._meta.db_table
    fields = list(model._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
        start = cursor.fetchone()[0]
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + len(objs) - 1])
        for offset, obj in enumerate(objs):
            obj.pk = start + offset
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([_column_value(field, obj) for field in fields])
    for obj in objs:
        obj._state.adding = False
    return objs


def _column_value(field, obj):
    value = field.pre_save(obj, add=True)  # fills auto_now_add timestamps
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if isinstance(field, models.FileField):
        return value.name or ""
    return value


@contextmanager
def _without_search_index():
    """PostgreSQL builds a trigram index far faster in one go than row by row: drop it for the bulk insert."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS wi_open_search_trgm")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks before the DDL
        cursor.execute(
            "CREATE INDEX wi_open_search_trgm ON casework_workitem USING gin (search gin_trgm_ops) "
            "WHERE closed_at IS NULL"
        )


class Command(BaseCommand):
    help = "Bulk-insert scale data (subjects waiting for review and their work items) for bench/queues.py."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=200_000, help="Open work items to create (default 200,000).")
        parser.add_argument("--accounts", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, items: int, accounts: int, seed: int, **options):
        self.verbosity = options.get("verbosity", 1)
        if items < 20:
            raise CommandError("--items must be at least 20.")
        if Account.objects.filter(name__startswith="Scale account ").exists():
            raise CommandError("Scale data is already here; use a fresh database (bench/queues.py makes one).")
        rng = random.Random(seed)
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic():
            counts = self._seed(rng, now, items, accounts)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Scale data in {elapsed:.1f} s: {summary}."))

    def _phase(self, name: str) -> None:
        now = time.monotonic()
        if self.verbosity > 1:
            self.stdout.write(f"  {name}: {now - self._last:.1f} s")
        self._last = now

    def _seed(self, rng: random.Random, now, items: int, n_accounts: int) -> dict[str, int]:
        self._last = time.monotonic()
        n_brand_items = items * 25 // 100
        n_vets = items * 10 // 100
        n_appeals = min(items * 10 // 100, n_brand_items)
        n_campaigns = items - n_brand_items - n_vets - n_appeals
        n_approved = max(1, n_campaigns // 10)

        group = Group.objects.get(name=ANALYST_GROUP)
        analysts = []
        for i in range(8):
            user, _ = User.objects.get_or_create(username=f"scale-analyst-{i}", defaults={"is_staff": True})
            user.groups.add(group)
            analysts.append(user)
        accounts = _insert(Account, [Account(name=f"Scale account {i:04d}") for i in range(n_accounts)])
        n_brands = n_brand_items + n_approved
        subs = _insert(
            SubAccount, [SubAccount(account=accounts[i % n_accounts], name=f"Sub {i:07d}") for i in range(n_brands)]
        )

        def brand(i: int, status: str) -> Brand:
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(TRADES)}"
            return Brand(
                sub_account=subs[i],
                account_id=subs[i].account_id,
                legal_name=f"{name} {rng.choice(SUFFIXES)}",
                display_name=name,
                entity_type="PRIVATE_PROFIT",
                tax_id=f"{10_000_000 + i:09d}",
                vertical="RETAIL",
                website=f"https://{name.lower().replace(' ', '')}{i}.example.com",
                email=f"ops{i}@example.com",
                phone="+12025550123",
                status=status,
                identity_status="UNVERIFIED" if status != "approved" else "VERIFIED",
            )

        review_states = ["submitted"] * 6 + ["in_review"] * 3 + ["changes_requested"]
        in_review = _insert(Brand, [brand(i, rng.choice(review_states)) for i in range(n_brand_items)])
        approved = _insert(Brand, [brand(n_brand_items + i, "approved") for i in range(n_approved)])
        campaigns = _insert(
            Campaign,
            [
                Campaign(
                    brand=approved[i % n_approved],
                    account_id=approved[i % n_approved].account_id,
                    use_case=rng.choice(USE_CASES),
                    description="Scale campaign: reminders and updates to customers who opted in online.",
                    sample_messages=["Scale: your appointment is tomorrow at 9:00. Reply STOP to opt out."],
                    optout_keywords="STOP",
                    help_keywords="HELP",
                    status=rng.choice(["submitted", "submitted", "in_review"]),
                )
                for i in range(n_campaigns)
            ],
        )
        vets = _insert(
            Vet,
            [
                Vet(
                    brand=approved[i % n_approved],
                    account_id=approved[i % n_approved].account_id,
                    vet_class="STANDARD",
                    vendor="AEGIS",
                    status="REVIEW",
                )
                for i in range(n_vets)
            ],
        )
        appeals = _insert(
            Appeal,
            [
                Appeal(
                    appeal_type="identity_status",
                    brand=in_review[i],
                    account_id=in_review[i].account_id,
                    categories=["VERIFY_TAX_ID"],
                    explanation="Scale appeal.",
                    status="submitted",
                    submitted_at=now,
                )
                for i in range(n_appeals)
            ],
        )

        hours = dict(SlaPolicy.objects.values_list("kind", "hours"))
        account_of = {s.pk: s.account_id for s in subs}
        work: list[WorkItem] = []

        def item(kind: str, subject_id: int, label: str, search: str, account_id: int, state: str) -> WorkItem:
            opened = now - timedelta(minutes=rng.randint(0, 20 * 24 * 60))
            assignee = rng.choice(analysts) if rng.random() < 0.3 else None
            paused = opened + timedelta(hours=1) if state == "changes_requested" else None
            return WorkItem(
                kind=kind,
                subject_id=subject_id,
                subject_label=label[:255],
                search=search,
                account_id=account_id,
                state=state,
                priority=rng.choice([1, 1, 1, 1, 2, 3]),
                opened_at=opened,
                sla_due=opened + timedelta(hours=hours.get(kind, 72)),
                paused_at=paused,
                assignee=assignee,
                claimed_at=opened if assignee else None,
            )

        def brand_search(b: Brand, ref: str) -> str:
            return f"{b.legal_name} {b.display_name} {b.tax_id} {ref}".lower()

        for b in in_review:
            work.append(
                item(
                    "brand",
                    b.pk,
                    f"{b.display_name} ({b.legal_name})",
                    brand_search(b, f"b-{b.pk}"),
                    account_of[b.sub_account_id],
                    b.status,
                )
            )
        by_id = {b.pk: b for b in approved}
        for c in campaigns:
            b = by_id[c.brand_id]
            work.append(
                item(
                    "campaign",
                    c.pk,
                    f"C-{c.pk} {c.get_use_case_display()} — {b.display_name}",
                    brand_search(b, f"c-{c.pk}"),
                    account_of[b.sub_account_id],
                    c.status,
                )
            )
        for v in vets:
            b = by_id[v.brand_id]
            work.append(
                item(
                    "vet",
                    v.pk,
                    f"Standard vet of {b.display_name} (Aegis Mobile)",
                    brand_search(b, f"v-{v.pk}"),
                    account_of[b.sub_account_id],
                    "REVIEW",
                )
            )
        review_by_id = {b.pk: b for b in in_review}
        for a in appeals:
            b = review_by_id[a.brand_id]
            work.append(
                item(
                    "appeal",
                    a.pk,
                    f"Appeal #{a.pk} Identity-status appeal — {b.display_name}",
                    brand_search(b, f"a-{a.pk}"),
                    account_of[b.sub_account_id],
                    "submitted",
                )
            )
        self._phase("subjects")
        with _without_search_index():
            _insert(WorkItem, work)
        self._phase("work items")
        return {
            "work items": len(work),
            "brands": n_brands,
            "campaigns": n_campaigns,
            "vets": n_vets,
            "appeals": n_appeals,
            "accounts": n_accounts,
        }
