"""Benchmark Q5: a period audit report over 10,000 decisions, rendered as PDF and as CSV.

    .venv/bin/python bench/reports.py [--decisions 10000] [--days 90] [--reuse]

Makes a fresh PostgreSQL database (``compliance_portal_bench_reports`` on 127.0.0.1:5432, or ``--server-url``),
migrates it, and bulk-inserts (timed) the audit trail of ``--decisions`` staff decisions spread over the period
across kinds, analysts, accounts and rejection codes from the catalogue, plus the non-decision events around
them, suspensions, and one closed work item per decision (some after their SLA) for the SLA figures.

Each format is then rendered through ``reports.services.report_run`` — what the Celery task calls — in a child
process of its own (a fresh worker), which reports the render time and its peak memory (``VmHWM``: the
process's resident high-water mark, Django, WeasyPrint and fonts included), then checks the file (PDF pages;
every decision row in the CSV). Goal for each: render ≤ 20 s and peak ≤ 500 MB. Exit status 1 if missed.
``--reuse`` keeps an already seeded database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "compliance_portal_bench_reports"
GOAL_SECONDS = 20.0
GOAL_MB = 500.0
SETTINGS = "compliance_portal.settings.test"  # DEBUG off (no query log growing in memory), private files in a temp dir

#: (subject_type, action, outcome) of the decisions, weighted roughly like a real queue.
DECISIONS = [
    ("campaign", "approve", "approved", 30),
    ("campaign", "reject", "rejected", 22),
    ("campaign", "close", "rejected", 2),
    ("brand", "approve", "approved", 16),
    ("brand", "request_changes", "rejected", 8),
    ("vet", "activate", "approved", 8),
    ("vet", "fail", "rejected", 4),
    ("appeal", "approve", "approved", 5),
    ("appeal", "reject", "rejected", 5),
]
NOISE = [("campaign", "submit"), ("campaign", "claimed"), ("campaign", "checklist"), ("brand", "submit")]
REASONS = [
    "Sample messages do not name the brand; add the DBA name to every sample.",
    "Opt-in flow lacks the message frequency and the HELP/STOP disclosures.",
    "Privacy policy says mobile numbers may be shared with partners.",
    "",
    "Use case does not match the described messages.",
]


def _vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-q", "-c", sql], check=True)


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}


# --- parent: database and data --------------------------------------------------------------------------------


def _prepare(server_url: str, reuse: bool) -> tuple[str, bool]:
    url = f"{server_url}{DB_NAME}"
    if reuse:
        seeded = subprocess.run(
            ["psql", url, "-tAc", "SELECT count(*) FROM reports_report"], capture_output=True, text=True
        )
        if seeded.returncode == 0:
            print(f"Reusing {DB_NAME}.")
            return url, True
    _psql(f"{server_url}postgres", f"DROP DATABASE IF EXISTS {DB_NAME}")
    _psql(f"{server_url}postgres", f"CREATE DATABASE {DB_NAME}")
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(url), check=True)
    print(f"migrate: {time.monotonic() - started:.1f} s")
    return url, False


def _seed(decisions: int, start: dt.date, end: dt.date) -> None:
    from django.contrib.auth.models import Group

    from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
    from accounts.models import Account, User
    from audit.models import AuditEvent
    from casework.models import WorkItem
    from rejections.models import RejectionCode

    rng = random.Random(5)
    started = time.monotonic()
    accounts = [Account.objects.create(name=f"Bench account {i:02d}") for i in range(20)]
    analysts = []
    for i in range(12):
        user = User.objects.create_user(username=f"bench-analyst-{i:02d}", is_staff=True)
        user.groups.add(Group.objects.get(name=ANALYST_GROUP))
        analysts.append(user)
    manager = User.objects.create_user(username="bench-manager", is_staff=True)
    manager.groups.add(Group.objects.get(name=MANAGER_GROUP))
    codes = list(RejectionCode.objects.values_list("code", flat=True))
    weights = [w for *_, w in DECISIONS]
    since = dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC)
    span = (end - start).days * 86400 + 86399

    events, items = [], []
    for i in range(decisions):
        subject_type, action, outcome, _ = rng.choices(DECISIONS, weights)[0]
        at = since + dt.timedelta(seconds=rng.randrange(span))
        analyst, account = rng.choice(analysts), rng.choice(accounts)
        subject_id = 100_000 + i
        label = f"Brand {subject_id % 3000} · {subject_type[0].upper()}-{subject_id}"
        opened = at - dt.timedelta(hours=rng.uniform(0.5, 120))
        for noise_type, noise_action in rng.sample(NOISE, 2):
            events.append(
                AuditEvent(
                    at=opened,
                    actor=None,
                    actor_label="system",
                    account=account,
                    subject_type=noise_type,
                    subject_id=str(subject_id),
                    subject_label=label,
                    action=noise_action,
                )
            )
        events.append(
            AuditEvent(
                at=at,
                actor=analyst,
                actor_label=analyst.username,
                account=account,
                subject_type=subject_type,
                subject_id=str(subject_id),
                subject_label=label,
                action=action,
                from_state="in_review",
                to_state=outcome,
                reason=rng.choice(REASONS) if outcome == "rejected" else "",
                codes=rng.sample(codes, rng.choice((1, 1, 1, 2, 3))) if outcome == "rejected" else [],
            )
        )
        items.append(
            WorkItem(
                kind=subject_type,
                subject_id=subject_id,
                subject_label=label,
                account=account,
                state=outcome,
                opened_at=opened,
                sla_due=opened + dt.timedelta(hours=72),  # waits are 0.5–120 h: about 60 % met
                closed_at=at,
                resolution=outcome,
                assignee=analyst,
                claimed_at=opened,
            )
        )
    for i in range(60):
        at = since + dt.timedelta(seconds=rng.randrange(span))
        events.append(
            AuditEvent(
                at=at,
                actor=manager,
                actor_label=manager.username,
                account=rng.choice(accounts),
                subject_type="campaign",
                subject_id=str(100_000 + i),
                subject_label=f"Campaign C-{100_000 + i}",
                action="suspend" if i % 3 else "reinstate",
                reason="Opt-out rate above 0.4 % for 3 days.",
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=5000)
    WorkItem.objects.bulk_create(items, batch_size=5000)
    print(
        f"seed: {decisions:,} decisions ({len(events):,} audit events) and {len(items):,} closed work items "
        f"in {time.monotonic() - started:.1f} s"
    )


def _request(fmt: str, start: dt.date, end: dt.date) -> int:
    from accounts.models import User
    from reports.choices import ReportKind
    from reports.models import Report

    manager = User.objects.get(username="bench-manager")
    report = Report.objects.create(
        kind=ReportKind.PERIOD_AUDIT,
        format=fmt,
        page_size="A4",
        params={"start": start.isoformat(), "end": end.isoformat()},
        title=f"Period audit {start} – {end}",
        requested_by=manager,
    )
    return report.pk


# --- child: one render ------------------------------------------------------------------------------------------


def _child(report_id: int) -> None:
    import django

    django.setup()
    import weasyprint  # noqa: F401 - imported by reports.rendering anyway; loaded before the clock starts

    from reports.models import Report
    from reports.services import report_run

    baseline = _vm_hwm_mb()
    started = time.perf_counter()
    report = report_run(report_id=report_id)
    seconds = time.perf_counter() - started
    peak = _vm_hwm_mb()

    result = {"status": report.status, "seconds": seconds, "peak_mb": peak, "baseline_mb": baseline}
    result["size"] = report.size or 0
    result["failure"] = report.failure_reason
    if report.status == "done":
        with report.file.open("rb") as f:
            content = f.read()
        if report.format == "pdf":
            import io

            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(content))
            result["pages"] = len(reader.pages)
            result["last_page_ok"] = f"Page {len(reader.pages)} of {len(reader.pages)}" in (
                reader.pages[-1].extract_text() or ""
            )
        else:
            lines = content.decode().splitlines()
            first = lines.index("# Every decision")
            rows = lines[first + 2 :]
            result["decision_rows"] = len(rows[: rows.index("")] if "" in rows else rows)
        report.file.delete(save=False)
        Report.objects.filter(pk=report.pk).update(file="")
    print(json.dumps(result))


def _run_child(url: str, report_id: int) -> dict:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(report_id)],
        cwd=ROOT,
        env=_env(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"render child for report {report_id} exited {done.returncode}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.monotonic() - started
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=90, help="Length of the period, ending yesterday (UTC).")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--reuse", action="store_true", help="Keep an already seeded benchmark database.")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0

    end = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    start = end - dt.timedelta(days=args.days - 1)
    url, reused = _prepare(args.server_url, args.reuse)
    os.environ.update(_env(url))
    import django

    django.setup()
    if not reused:
        _seed(args.decisions, start, end)
        subprocess.run(["psql", url, "-q", "-c", "VACUUM ANALYZE"], check=True)

    print(f"\nPeriod audit report {start} – {end}; each render in a fresh child process\n")
    header = f"{'format':<6} {'status':<7} {'render s':>9} {'process s':>9} {'peak MB':>8} {'base MB':>8}"
    print(f"{header} {'size':>12}  check")
    ok = True
    for fmt in ("pdf", "csv"):
        result = _run_child(url, _request(fmt, start, end))
        check = (
            f"{result.get('pages')} pages, footer ok={result.get('last_page_ok')}"
            if fmt == "pdf"
            else f"{result.get('decision_rows', 0):,} decision rows"
        )
        good = (
            result["status"] == "done"
            and result["seconds"] <= GOAL_SECONDS
            and result["peak_mb"] <= GOAL_MB
            and (result.get("last_page_ok") if fmt == "pdf" else result.get("decision_rows") == args.decisions)
        )
        ok = ok and bool(good)
        print(
            f"{fmt:<6} {result['status']:<7} {result['seconds']:9.2f} {result['process_seconds']:9.2f} "
            f"{result['peak_mb']:8.0f} {result['baseline_mb']:8.0f} {result['size']:12,}  {check}"
            + (f"  {result['failure']}" if result["failure"] else "")
        )
    verdict = "met" if ok else "MISSED"
    goal = f"each render ≤ {GOAL_SECONDS:.0f} s and ≤ {GOAL_MB:.0f} MB peak, every decision in the CSV"
    print(f"\nGoal ({goal}): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
