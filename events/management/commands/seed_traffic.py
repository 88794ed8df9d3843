"""``manage.py seed_traffic --sub-accounts N --days D``: daily figures at scale for benchmarks (the health
benchmark reads 10,000 sub-accounts × 90 days). Makes the accounts and sub-accounts it needs ("Traffic scale …",
20 sub-accounts per account), then writes ``DailyFigure`` rows directly — COPY into a staging table and one
upsert on PostgreSQL — with realistic profiles (``events.generator``). Running it again rewrites the same rows."""

from __future__ import annotations

import datetime as dt
import io
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Account, SubAccount
from events.generator import figure_row, sub_account_profile
from events.models import DailyFigure

PER_ACCOUNT = 20
PREFIX = "Traffic scale"


class Command(BaseCommand):
    help = "Write daily figures for N sub-accounts × D days (scale data for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--sub-accounts", type=int, default=10_000)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--seed", type=int, default=20261130)

    def handle(self, *args, sub_accounts: int, days: int, seed: int, **options):
        if not (1 <= sub_accounts <= 1_000_000 and 1 <= days <= 3660):
            raise CommandError("--sub-accounts is 1–1,000,000 and --days 1–3,660.")
        started = time.perf_counter()
        subs = self._sub_accounts(sub_accounts)
        rnd = random.Random(seed)
        today = timezone.now().astimezone(dt.UTC).date()
        first = today - dt.timedelta(days=days - 1)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                rows = self._copy(subs, first, days, rnd)
            else:
                rows = self._bulk(subs, first, days, rnd)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Wrote {rows:,} daily figures ({len(subs):,} sub-accounts × {days} days) in {elapsed:.1f} s."
        )

    def _sub_accounts(self, wanted: int) -> list[tuple[int, int]]:
        accounts_needed = (wanted + PER_ACCOUNT - 1) // PER_ACCOUNT
        names = [f"{PREFIX} {i:05d}" for i in range(accounts_needed)]
        existing = set(Account.objects.filter(name__in=names).values_list("name", flat=True))
        Account.objects.bulk_create([Account(name=n) for n in names if n not in existing], batch_size=2000)
        accounts = dict(Account.objects.filter(name__in=names).values_list("name", "id"))
        have = {
            (a, n)
            for a, n in SubAccount.objects.filter(account_id__in=accounts.values()).values_list("account_id", "name")
        }
        new = []
        for i in range(wanted):
            account_id = accounts[names[i // PER_ACCOUNT]]
            name = f"Scale {i:07d}"
            if (account_id, name) not in have:
                new.append(SubAccount(account_id=account_id, name=name))
        SubAccount.objects.bulk_create(new, batch_size=5000)
        rows = SubAccount.objects.filter(account_id__in=accounts.values(), name__startswith="Scale ")
        return sorted(rows.values_list("id", "account_id"))[:wanted]

    def _rows(self, subs, first: dt.date, days: int, rnd: random.Random):
        for sub_id, account_id in subs:
            profile = sub_account_profile(rnd)
            for n in range(days):
                yield (account_id, sub_id, first + dt.timedelta(days=n), *figure_row(rnd, profile))

    def _copy(self, subs, first, days, rnd) -> int:
        now = timezone.now().isoformat()
        count = 0
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS events_figure_stage")
            cursor.execute(
                "CREATE TEMPORARY TABLE events_figure_stage (account_id bigint, sub_account_id bigint, day date, "
                "sent integer, delivered integer, errors integer, opt_outs integer) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY events_figure_stage FROM STDIN") as copy:
                buffer = io.StringIO()
                for row in self._rows(subs, first, days, rnd):
                    buffer.write("\t".join(map(str, row)) + "\n")
                    count += 1
                    if count % 50_000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
            cursor.execute(
                "INSERT INTO events_dailyfigure (account_id, sub_account_id, day, sent, delivered, errors, opt_outs, "
                "updated_at) SELECT account_id, sub_account_id, day, sent, delivered, errors, opt_outs, %s "
                "FROM events_figure_stage ON CONFLICT (sub_account_id, day) DO UPDATE SET sent = excluded.sent, "
                "delivered = excluded.delivered, errors = excluded.errors, opt_outs = excluded.opt_outs, "
                "updated_at = excluded.updated_at",
                [now],
            )
            cursor.execute("ANALYZE events_dailyfigure")
        return count

    def _bulk(self, subs, first, days, rnd) -> int:
        batch, count = [], 0
        for account_id, sub_id, day, sent, delivered, errors, opt_outs in self._rows(subs, first, days, rnd):
            batch.append(
                DailyFigure(account_id=account_id, sub_account_id=sub_id, day=day, sent=sent, delivered=delivered,
                            errors=errors, opt_outs=opt_outs)
            )  # fmt: skip
            if len(batch) >= 5000:
                count += self._flush(batch)
        return count + self._flush(batch)

    def _flush(self, batch) -> int:
        DailyFigure.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["sub_account", "day"],
            update_fields=["sent", "delivered", "errors", "opt_outs", "updated_at"],
        )  # fmt: skip
        n = len(batch)
        batch.clear()
        return n
