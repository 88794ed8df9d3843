"""Bulk scale data for the benchmarks: ``manage.py seed_scale --items 200000 [--campaigns 1000000]``.

Writes accounts, sub-accounts, brands, campaigns, vets and appeals waiting for review, and one open work
item for each, with bulk INSERTs (no services, no signals: this is load data for measuring pages, not a
way to register anything). Items get ages over the last 20 days, SLA due times from the SLA policies (a
share of them overdue), a share assigned to scale analysts and a share of brand items paused.

``--campaigns N`` tops the campaigns up to N in all with registered campaigns (approved, drafts, rejected …;
no work items), 25 to a brand, one brand to a sub-account, across the accounts. Three probe customers come
with every run, for the tenant benchmark: ``bench-1``, ``bench-30`` and ``bench-5000`` (users of accounts
with that many campaigns), the last two with a brand that has 20 vets (``Bench vetted brand``).

Rows are generated and written in chunks of ``CHUNK``: memory stays flat whatever the size (ids and names
of the approved brands are all it keeps between chunks). A work item's label, search text, account and state
come from its subject through the work-subject contract (``core.subjects``), as the queue service writes
them: each subject is built with its brand attached in memory, so reading them costs no query.
"""

from __future__ import annotations

import json
import random
import resource
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
from core.subjects import WorkSubject, work_state
from vetting.models import Vet

BATCH = 5000
CHUNK = 20_000
PROBES = (1, 30, 5000)
CAMPAIGNS_PER_BRAND = 25
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
    help = "Bulk-insert scale data (subjects waiting for review and their work items; campaigns) for the benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=200_000, help="Open work items to create (default 200,000).")
        parser.add_argument(
            "--campaigns", type=int, default=0, help="Campaigns in all (topped up with registered ones; default none)."
        )
        parser.add_argument("--accounts", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, items: int, campaigns: int, accounts: int, seed: int, **options):
        self.verbosity = options.get("verbosity", 1)
        if items < 20:
            raise CommandError("--items must be at least 20.")
        if accounts < 1:
            raise CommandError("--accounts must be at least 1.")
        if Account.objects.filter(name__startswith="Scale account ").exists():
            raise CommandError("Scale data is already here; use a fresh database (bench/queues.py makes one).")
        self.rng = random.Random(seed)
        self.now = timezone.now()
        started = time.monotonic()
        self._last = started
        with transaction.atomic(), _without_search_index():
            counts = self._seed(items, campaigns, accounts)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        self.stdout.write(
            self.style.SUCCESS(f"Scale data in {elapsed:.1f} s, peak memory {peak_mb:,.0f} MB: {summary}.")
        )

    def _phase(self, name: str) -> None:
        now = time.monotonic()
        if self.verbosity > 1:
            self.stdout.write(f"  {name}: {now - self._last:.1f} s")
        self._last = now

    # --- rows ---------------------------------------------------------------------------------------------

    def _name(self) -> str:
        rng = self.rng
        return f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(TRADES)}"

    def _brands(
        self, start: int, names: list[str], account_ids: list[int], statuses: list[str] | str, label: str
    ) -> list[Brand]:
        """One sub-account per brand (S3), then the brands; ``start`` numbers their tax ids and web sites."""
        subs = _insert(
            SubAccount,
            [
                SubAccount(account_id=account_id, name=f"{label} {start + i:07d}")
                for i, account_id in enumerate(account_ids)
            ],
        )
        rng = self.rng
        if isinstance(statuses, str):
            statuses = [statuses] * len(names)
        return _insert(
            Brand,
            [
                Brand(
                    sub_account=sub,
                    account_id=sub.account_id,
                    legal_name=f"{name} {rng.choice(SUFFIXES)}",
                    display_name=name,
                    entity_type="PRIVATE_PROFIT",
                    tax_id=f"{10_000_000 + start + i:09d}",
                    vertical="RETAIL",
                    website=f"https://{name.lower().replace(' ', '')}{start + i}.example.com",
                    email=f"ops{start + i}@example.com",
                    phone="+12025550123",
                    status=status,
                    identity_status="VERIFIED" if status == "approved" else "UNVERIFIED",
                )
                for i, (sub, name, status) in enumerate(zip(subs, names, statuses, strict=True))
            ],
        )

    def _campaign(self, brand: Brand | int, account_id: int, status: str) -> Campaign:
        return Campaign(
            **({"brand": brand} if isinstance(brand, Brand) else {"brand_id": brand}),
            account_id=account_id,
            use_case=self.rng.choice(USE_CASES),
            description="Scale campaign: reminders and updates to customers who opted in online.",
            sample_messages=["Scale: your appointment is tomorrow at 9:00. Reply STOP to opt out."],
            optout_keywords="STOP",
            help_keywords="HELP",
            status=status,
        )

    def _item(self, subject: WorkSubject) -> WorkItem:
        """The open work item of a subject waiting for review (inserted, so it has its id)."""
        rng = self.rng
        kind, state = subject.audit_subject_type, work_state(subject)
        opened = self.now - timedelta(minutes=rng.randint(0, 20 * 24 * 60))
        assignee = rng.choice(self.analysts) if rng.random() < 0.3 else None
        paused = opened + timedelta(hours=1) if state in subject.work_paused_states else None
        return WorkItem(
            kind=kind,
            subject_id=subject.pk,
            subject_label=subject.work_label[:255],
            search=subject.work_search_text,
            account_id=subject.audit_account_id,
            state=state,
            priority=rng.choice([1, 1, 1, 1, 2, 3]),
            opened_at=opened,
            sla_due=opened + timedelta(hours=self.hours.get(kind, 72)),
            paused_at=paused,
            assignee=assignee,
            claimed_at=opened if assignee else None,
        )

    # --- the run ------------------------------------------------------------------------------------------

    def _seed(self, items: int, campaigns: int, n_accounts: int) -> dict[str, int]:
        rng = self.rng
        n_brand_items = items * 25 // 100
        n_vets = items * 10 // 100
        n_appeals = min(items * 10 // 100, n_brand_items)
        n_review_campaigns = items - n_brand_items - n_vets - n_appeals
        n_approved = max(1, n_review_campaigns // 10)
        n_extra = max(0, campaigns - n_review_campaigns)
        n_extra_brands = -(-n_extra // CAMPAIGNS_PER_BRAND)

        group = Group.objects.get(name=ANALYST_GROUP)
        self.analysts = []
        for i in range(8):
            user, _ = User.objects.get_or_create(username=f"scale-analyst-{i}", defaults={"is_staff": True})
            user.groups.add(group)
            self.analysts.append(user)
        self.hours = dict(SlaPolicy.objects.values_list("kind", "hours"))
        account_ids = [
            a.pk for a in _insert(Account, [Account(name=f"Scale account {i:04d}") for i in range(n_accounts)])
        ]

        # Brands waiting for review (one work item each); the first n_appeals also have an identity appeal.
        review_states = ["submitted"] * 6 + ["in_review"] * 3 + ["changes_requested"]
        for start in range(0, n_brand_items, CHUNK):
            size = min(CHUNK, n_brand_items - start)
            names = [self._name() for _ in range(size)]
            brands = self._brands(
                start,
                names,
                [account_ids[(start + i) % n_accounts] for i in range(size)],
                [rng.choice(review_states) for _ in range(size)],
                "Sub",
            )
            work = [self._item(b) for b in brands]
            appealed = [b for i, b in enumerate(brands) if start + i < n_appeals]
            appeals = _insert(
                Appeal,
                [
                    Appeal(
                        appeal_type="identity_status",
                        brand=b,
                        account_id=b.account_id,
                        categories=["VERIFY_TAX_ID"],
                        explanation="Scale appeal.",
                        status="submitted",
                        submitted_at=self.now,
                    )
                    for b in appealed
                ],
            )
            work += [self._item(a) for a in appeals]
            _insert(WorkItem, work)
        self._phase("brands and appeals in review")

        # Approved brands: the ones with campaigns and vets in review, then the ones of registered campaigns.
        approved: list[tuple[int, int, str, str, str]] = []  # id, account id, display name, legal name, tax id
        n_all_approved = n_approved + n_extra_brands
        for start in range(0, n_all_approved, CHUNK):
            size = min(CHUNK, n_all_approved - start)
            names = [self._name() for _ in range(size)]
            offset = n_brand_items + start
            brands = self._brands(
                offset, names, [account_ids[(offset + i) % n_accounts] for i in range(size)], "approved", "Sub"
            )
            approved += [(b.pk, b.account_id, b.display_name, b.legal_name, b.tax_id) for b in brands]
        self._phase("approved brands")

        def subjects_in_review(subjects: list) -> None:
            _insert(WorkItem, [self._item(subject) for subject in _insert(type(subjects[0]), subjects)])

        # The brands of the campaigns and vets in review, in memory with what their work items show.
        reviewed = [
            Brand(pk=pk, account_id=account_id, display_name=display, legal_name=legal, tax_id=tax_id)
            for pk, account_id, display, legal, tax_id in approved[:n_approved]
        ]
        for start in range(0, n_review_campaigns, CHUNK):
            size = min(CHUNK, n_review_campaigns - start)
            picks = [reviewed[(start + i) % n_approved] for i in range(size)]
            subjects_in_review(
                [self._campaign(b, b.account_id, rng.choice(["submitted", "submitted", "in_review"])) for b in picks]
            )
        self._phase("campaigns in review")
        for start in range(0, n_vets, CHUNK):
            size = min(CHUNK, n_vets - start)
            picks = [reviewed[(start + i) % n_approved] for i in range(size)]
            subjects_in_review(
                [
                    Vet(brand=b, account_id=b.account_id, vet_class="STANDARD", vendor="AEGIS", status="REVIEW")
                    for b in picks
                ]
            )
        self._phase("vets in review")

        registered = ["approved"] * 6 + ["draft"] * 2 + ["rejected", "suspended"]
        for start in range(0, n_extra, CHUNK):
            size = min(CHUNK, n_extra - start)
            picks = [approved[n_approved + (start + i) // CAMPAIGNS_PER_BRAND] for i in range(size)]
            _insert(Campaign, [self._campaign(p[0], p[1], rng.choice(registered)) for p in picks])
        self._phase("registered campaigns")

        probes = self._probes(n_brand_items + n_all_approved)
        self._phase("probe customers")
        return {
            "work items": items,
            "brands": n_brand_items + n_all_approved,
            "campaigns": n_review_campaigns + n_extra + probes,
            "vets": n_vets,
            "appeals": n_appeals,
            "accounts": n_accounts + len(PROBES),
        }

    def _probes(self, numbering: int) -> int:
        """Three customers with 1, 30 and 5,000 campaigns (users bench-1, bench-30, bench-5000)."""
        made = 0
        for n in PROBES:
            account = _insert(Account, [Account(name=f"Bench {n}-campaign customer")])[0]
            User.objects.create_user(username=f"bench-{n}", account=account, password=None)
            n_brands = -(-n // CAMPAIGNS_PER_BRAND)
            names = [f"Bench {n} Brand {i}" for i in range(n_brands)]
            brands = self._brands(numbering, names, [account.pk] * n_brands, "approved", f"Bench {n}")
            numbering += n_brands
            _insert(
                Campaign,
                [
                    self._campaign(brands[i // CAMPAIGNS_PER_BRAND].pk, account.pk, "approved" if i % 3 else "draft")
                    for i in range(n)
                ],
            )
            made += n
            if n >= 30:
                # A brand with 20 vets and two other instances (same tax id) lacking their tokens: the staff
                # brand page's heaviest panel.
                vetted = brands[0]
                Brand.objects.filter(pk=vetted.pk).update(display_name="Bench vetted brand")
                _insert(
                    Vet,
                    [
                        Vet(
                            brand_id=vetted.pk,
                            account_id=account.pk,
                            vet_class="STANDARD",
                            vendor="AEGIS",
                            status="ACTIVE",
                            vendor_status="ACTIVE",
                            token=f"BENCH-{n}-{i:02d}",
                            score=60 + i,
                            completed_at=self.now,
                        )
                        for i in range(20)
                    ],
                )
                twins = self._brands(numbering, ["Bench twin A", "Bench twin B"], [account.pk] * 2, "approved", "Twin")
                numbering += 2
                Brand.objects.filter(pk__in=[t.pk for t in twins]).update(tax_id=vetted.tax_id)
        return made
