"""``manage.py run_periodic [--job NAME]``: the Celery beat jobs, run synchronously (the embedded default's beat)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.periodic import UnknownJob, periodic_job, periodic_jobs, run_periodic_job


class Command(BaseCommand):
    help = (
        "Run the periodic jobs of CELERY_BEAT_SCHEDULE here and now, without a broker: every job, or the ones named "
        "with --job. Run it from cron where no Celery beat runs (the embedded default)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--job", action="append", dest="jobs", metavar="NAME", help="Run only this job (repeatable)."
        )
        parser.add_argument(
            "--list", action="store_true", dest="list_only", help="List the jobs and their tasks; run nothing."
        )

    def handle(self, *args, jobs=None, list_only=False, **options):
        if list_only:
            for job in periodic_jobs():
                self.stdout.write(f"{job.name}: {job.task} (every {job.schedule})")
            return
        try:
            selected = [periodic_job(name) for name in jobs] if jobs else periodic_jobs()
        except UnknownJob as exc:
            raise CommandError(str(exc)) from exc
        failed = []
        # One failing job must not keep the others from running; the exit status still reports it.
        for job in selected:
            try:
                result = run_periodic_job(job)
            except Exception as exc:
                failed.append(job.name)
                self.stderr.write(f"{job.name} ({job.task}) failed: {exc!r}")
                continue
            self.stdout.write(f"{job.name} ({job.task}): {result!r}")
        if failed:
            raise CommandError(f"{len(failed)} periodic job(s) failed: {', '.join(failed)}.")
