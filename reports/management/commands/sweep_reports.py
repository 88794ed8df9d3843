"""``manage.py sweep_reports``: what Celery beat runs every minute, by hand or from cron."""

from django.core.management.base import BaseCommand

from reports.services import report_sweep, stale_after_text


class Command(BaseCommand):
    help = (
        "Queue again the reports whose worker was lost (queued or running with no sign of life for longer "
        "than the render's time limit); fail those re-queued too often."
    )

    def handle(self, *args, **options):
        swept = report_sweep()
        if not swept["requeued"] and not swept["failed"]:
            self.stdout.write(f"No report has been silent for more than {stale_after_text()}.")
            return
        if swept["requeued"]:
            self.stdout.write(f"Queued again: {', '.join(f'report {pk}' for pk in swept['requeued'])}.")
        if swept["failed"]:
            self.stdout.write(f"Failed (re-queued too often): {', '.join(f'report {pk}' for pk in swept['failed'])}.")
