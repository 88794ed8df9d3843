"""PostgreSQL guards for the account key tenant-scoped tables carry: a sub-account never moves account, and
the function the per-table triggers use to prove each row's key equals its parent's."""

from django.db import migrations

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_sub_account_suspension")]
    operations = [keying.base_functions()]
