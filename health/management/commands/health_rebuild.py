"""``manage.py health_rebuild``: re-judge every day from the daily figures and recompute the standings (after a
policy edit, or after ``seed_traffic``). Opens no case and records no violation (see ``health.rebuild``)."""

import time

from django.core.management.base import BaseCommand

from health.rebuild import verdicts_rebuild


class Command(BaseCommand):
    help = "Re-judge every day from the daily figures and recompute each sub-account's standing."

    def handle(self, *args, **options):
        started = time.perf_counter()
        days, standings = verdicts_rebuild()
        self.stdout.write(
            f"Judged {days:,} days and {standings:,} sub-account standings in {time.perf_counter() - started:.1f} s."
        )
