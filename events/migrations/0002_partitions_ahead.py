"""The day partitions of ``events_messageevent`` from three days back to fourteen ahead (PostgreSQL), so the
intake has somewhere to write from the first request; the ``events-partitions`` job keeps the window moving."""

from django.db import migrations


def make_window(apps, schema_editor):
    from events.partitions import ensure_window

    ensure_window(connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    # Dropping the table (0001's reverse) drops its partitions with it.
    operations = [migrations.RunPython(make_window, migrations.RunPython.noop)]
