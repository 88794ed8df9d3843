"""Events' tables. ``MessageEvent`` is declared to Django as an ordinary model (the state operation) but its table
is written by hand (``create_message_event_table``): on PostgreSQL a table ``PARTITION BY RANGE (day)`` — native
declarative partitioning, with the primary key (id, day) and the idempotency key (account, message id, milestone,
day) both holding the partition key, an id sequence (identity columns on partitioned tables need PostgreSQL 17),
and no foreign-key constraints (see the model's docstring); on SQLite the plain table Django would make.
Partitions are made by migration 0002 and the ``events-partitions`` job.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accounts import keying

POSTGRES_TABLE = """
CREATE SEQUENCE events_messageevent_id_seq;
CREATE TABLE events_messageevent (
    id bigint NOT NULL DEFAULT nextval('events_messageevent_id_seq'),
    day date NOT NULL,
    account_id bigint NOT NULL,
    sub_account_id bigint NOT NULL,
    provider varchar(8) NOT NULL,
    message_id varchar(64) NOT NULL,
    milestone smallint NOT NULL,
    outcome varchar(10) NOT NULL,
    error_code varchar(16) NOT NULL,
    sender varchar(16) NOT NULL,
    number varchar(20) NOT NULL,
    at timestamp with time zone NOT NULL,
    kind varchar(8) NOT NULL,
    text text NOT NULL,
    source varchar(8) NOT NULL,
    CONSTRAINT events_messageevent_pkey PRIMARY KEY (id, day),
    CONSTRAINT message_event_once_per_milestone UNIQUE (account_id, message_id, milestone, day)
) PARTITION BY RANGE (day);
ALTER SEQUENCE events_messageevent_id_seq OWNED BY events_messageevent.id;
CREATE INDEX message_event_account ON events_messageevent (account_id, id DESC);
"""


def create_message_event_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TABLE, params=None)
    else:
        schema_editor.create_model(apps.get_model("events", "MessageEvent"))


def drop_message_event_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE events_messageevent; ", params=None)
    else:
        schema_editor.delete_model(apps.get_model("events", "MessageEvent"))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_account_suspension"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MessageSeen",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "account_id", "message_id", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("account_id", models.BigIntegerField()),
                ("message_id", models.CharField(max_length=64)),
                ("day", models.DateField()),
                ("sub_account_id", models.BigIntegerField()),
                (
                    "provider",
                    models.CharField(
                        choices=[
                            ("twilio", "Twilio"),
                            ("plivo", "Plivo"),
                            ("telnyx", "Telnyx"),
                            ("platform", "Sending platform (bulk upload)"),
                        ],
                        max_length=8,
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["day"], name="message_seen_day")],
            },
        ),
        migrations.CreateModel(
            name="DailyFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("sent", models.PositiveIntegerField(default=0)),
                ("delivered", models.PositiveIntegerField(default=0)),
                ("errors", models.PositiveIntegerField(default=0)),
                ("opt_outs", models.PositiveIntegerField(default=0)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "account",
                    models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.account",
                    ),
                ),
                (
                    "sub_account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.subaccount"
                    ),
                ),
            ],
            options={
                "ordering": ["sub_account", "day"],
                "indexes": [models.Index(fields=["account", "day"], name="daily_figure_account_day")],
                "constraints": [
                    models.UniqueConstraint(fields=("sub_account", "day"), name="daily_figure_once_per_day")
                ],
            },
        ),
        migrations.CreateModel(
            name="HookEndpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "provider",
                    models.CharField(
                        choices=[("twilio", "Twilio"), ("plivo", "Plivo"), ("telnyx", "Telnyx")], max_length=8
                    ),
                ),
                ("label", models.CharField(blank=True, max_length=80)),
                ("secret_sha256", models.CharField(editable=False, max_length=64, unique=True)),
                ("secret_hint", models.CharField(editable=False, max_length=4)),
                ("credential_sealed", models.TextField(blank=True, editable=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "account",
                    models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.account",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "sub_account",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.subaccount",
                    ),
                ),
            ],
            options={
                "ordering": ["-id"],
                "indexes": [models.Index(fields=["account", "-id"], name="hook_endpoint_account")],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MessageEvent",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                        ("day", models.DateField()),
                        (
                            "provider",
                            models.CharField(
                                choices=[
                                    ("twilio", "Twilio"),
                                    ("plivo", "Plivo"),
                                    ("telnyx", "Telnyx"),
                                    ("platform", "Sending platform (bulk upload)"),
                                ],
                                max_length=8,
                            ),
                        ),
                        ("message_id", models.CharField(max_length=64)),
                        (
                            "milestone",
                            models.SmallIntegerField(
                                choices=[(1, "sent"), (2, "final outcome"), (3, "inbound message")]
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("sent", "Sent"),
                                    ("delivered", "Delivered"),
                                    ("error", "Failed with an error code"),
                                    ("failed", "Failed without an error code"),
                                    ("received", "Received"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("error_code", models.CharField(blank=True, max_length=16)),
                        ("sender", models.CharField(max_length=16)),
                        ("number", models.CharField(max_length=20)),
                        ("at", models.DateTimeField()),
                        (
                            "kind",
                            models.CharField(
                                blank=True,
                                choices=[("opt_out", "Opt-out"), ("opt_in", "Opt-in"), ("help", "Help")],
                                max_length=8,
                            ),
                        ),
                        ("text", models.TextField(blank=True)),
                        (
                            "source",
                            models.CharField(
                                choices=[("callback", "Provider callback"), ("bulk", "Bulk upload")], max_length=8
                            ),
                        ),
                        (
                            "account",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="accounts.account",
                            ),
                        ),
                        (
                            "sub_account",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="accounts.subaccount",
                            ),
                        ),
                    ],
                    options={
                        "indexes": [models.Index(fields=["account", "-id"], name="message_event_account")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("account", "message_id", "milestone", "day"),
                                name="message_event_once_per_milestone",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(create_message_event_table, drop_message_event_table),
        keying.check_trigger("events_dailyfigure", "accounts_subaccount", "sub_account_id"),
    ]
