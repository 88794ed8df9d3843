"""PostgreSQL guard for the account key tenant-scoped tables carry: a sub-account never moves to another
account (each table's own trigger then proves its rows' keys equal their parent's)."""

from django.db import migrations

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_sub_account_suspension")]
    operations = [keying.base_functions()]
