"""Re-judge every day from the daily figures in bulk: after managers edit the policy rows, or after figures were
loaded without the roll-up's signal (``manage.py seed_traffic``). Writes verdicts and standings only — cases,
violations and reminders follow live judgements (``services.day_judge``), never a rebuild of the past.

The verdict of each day is ``rules.judge`` (the one copy of M2.3), applied in Python to rows streamed from the
database; rows go back through COPY into a staging table and one upsert on PostgreSQL (bulk upserts elsewhere)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils import timezone

from events.models import DailyFigure

from .choices import AT_RISK, Verdict
from .constants import STANDING_WINDOW_DAYS
from .models import DayVerdict, HealthStanding
from .rules import judge
from .selectors import health_policy
from .services import standing_score

COLUMNS = [
    "account_id",
    "sub_account_id",
    "day",
    "sent",
    "delivered",
    "errors",
    "opt_outs",
    "error_rate",
    "opt_out_rate",
    "error_verdict",
    "opt_out_verdict",
    "verdict",
]
UPDATED = COLUMNS[3:]


def _judged() -> Iterator[tuple]:
    policy = health_policy()
    rows = DailyFigure.objects.order_by().values_list(
        "account_id", "sub_account_id", "day", "sent", "delivered", "errors", "opt_outs"
    )
    for account_id, sub_id, day, sent, delivered, errors, opt_outs in rows.iterator(chunk_size=20_000):
        result = judge(sent=sent, delivered=delivered, errors=errors, opt_outs=opt_outs, policy=policy)
        yield (account_id, sub_id, day, sent, delivered, errors, opt_outs, *result)


def _copy_verdicts(now: str) -> int:
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE health_verdict_stage (account_id bigint, sub_account_id bigint, day date, "
            "sent integer, delivered integer, errors integer, opt_outs integer, error_rate numeric, "
            "opt_out_rate numeric, error_verdict text, opt_out_verdict text, verdict text) ON COMMIT DROP"
        )
        # Judged in full first: the figures stream through a server-side cursor on this connection, which cannot
        # be read while the connection is busy with a COPY.
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            for row in _judged():
                spool.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
                count += 1
            spool.seek(0)
            with cursor.cursor.copy("COPY health_verdict_stage FROM STDIN") as copy:
                while chunk := spool.read(1 << 20):
                    copy.write(chunk)
        columns = ", ".join(COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in [*UPDATED, "computed_at"])
        cursor.execute(
            f"INSERT INTO health_dayverdict ({columns}, computed_at) SELECT {columns}, %s "  # noqa: S608 - constants
            f"FROM health_verdict_stage ON CONFLICT (sub_account_id, day) DO UPDATE SET {updates}",
            [now],
        )
        cursor.execute("DROP TABLE health_verdict_stage")
    return count


def _bulk_verdicts() -> int:
    batch, count = [], 0
    for row in _judged():
        batch.append(DayVerdict(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) >= 5000:
            count += _flush(batch, DayVerdict, ["sub_account", "day"], [*UPDATED, "computed_at"])
    return count + _flush(batch, DayVerdict, ["sub_account", "day"], [*UPDATED, "computed_at"])


def _flush(batch: list, model, unique: list[str], update: list[str]) -> int:
    model.objects.bulk_create(batch, update_conflicts=True, unique_fields=unique, update_fields=update)
    n = len(batch)
    batch.clear()
    return n


def _standings() -> int:
    """One standing per sub-account from its judged days (streamed in sub-account, day order)."""
    fields = ["sub_account", "last_day", "last_verdict", "risky_day", "risky_on", "bad_days", "watch_days", "score"]
    batch: list[HealthStanding] = []
    count = 0
    rows = DayVerdict.objects.order_by("sub_account_id", "day").values_list(
        "id", "account_id", "sub_account_id", "day", "verdict"
    )
    current: list[tuple] = []

    def close(days: list[tuple]) -> None:
        _pk, account_id, sub_id, last_day, last_verdict = days[-1]
        start = last_day - dt.timedelta(days=STANDING_WINDOW_DAYS - 1)
        recent = [v for _, _, _, day, v in days if day >= start]
        bad, watch = recent.count(Verdict.BAD), recent.count(Verdict.WATCH)
        risky = next((row for row in reversed(days) if row[4] in AT_RISK), None)
        batch.append(
            HealthStanding(
                account_id=account_id,
                sub_account_id=sub_id,
                last_day=last_day,
                last_verdict=last_verdict,
                risky_day_id=risky[0] if risky else None,
                risky_on=risky[3] if risky else None,
                bad_days=bad,
                watch_days=watch,
                score=standing_score(last_verdict, bad, watch),
            )
        )

    for row in rows.iterator(chunk_size=20_000):
        if current and current[-1][2] != row[2]:
            close(current)
            current = []
            if len(batch) >= 5000:
                count += _flush(batch, HealthStanding, ["sub_account"], fields[1:])
        current.append(row)
    if current:
        close(current)
    return count + _flush(batch, HealthStanding, ["sub_account"], fields[1:])


@transaction.atomic
def verdicts_rebuild() -> tuple[int, int]:
    """Every day re-judged and every standing recomputed: (days, standings)."""
    days = _copy_verdicts(timezone.now().isoformat()) if connection.vendor == "postgresql" else _bulk_verdicts()
    return days, _standings()
