"""``manage.py event_partitions``: make the day partitions of the message events (the ``events-partitions``
periodic job does the same every hour) and list them."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from events import partitions


class Command(BaseCommand):
    help = "Make the day partitions of events_messageevent from --behind days back to --ahead days forward (UTC)."

    def add_arguments(self, parser):
        parser.add_argument("--behind", type=int, default=partitions.PARTITIONS_BEHIND)
        parser.add_argument("--ahead", type=int, default=partitions.PARTITIONS_AHEAD)
        parser.add_argument("--list", dest="show", action="store_true", help="List the partitions after making them.")

    def handle(self, *args, behind: int, ahead: int, show: bool, **options):
        if not (0 <= behind <= 400 and 0 <= ahead <= 400):
            raise CommandError("--behind and --ahead are 0–400 days.")
        if not partitions.is_partitioned():
            self.stdout.write("This database keeps the events in one plain table (SQLite): no partitions to make.")
            return
        partitions.forget_known()
        with transaction.atomic():
            made = partitions.ensure_window(behind=behind, ahead=ahead)
        self.stdout.write(f"Made {len(made)} partition(s)." + ("" if not made else " " + ", ".join(made)))
        if show:
            for day in sorted(partitions.existing_days(connection)):
                self.stdout.write(f"{partitions.partition_name(day)}  [{day}, {day + dt.timedelta(days=1)})")
