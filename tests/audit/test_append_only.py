"""Q4: audit events are append-only in the ORM, the admin and (on PostgreSQL) the database."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(sub_account_a, analyst):
    sub_account_a.audit_subject_type = "sub_account"
    return audit_record(actor=analyst, subject=sub_account_a, action="created", reason="test")


def test_Q4_event_records_actor_subject_and_request_id(event, analyst):
    assert event.actor == analyst and event.actor_label == "analyst"
    assert event.subject_type == "sub_account" and event.action == "created"


def test_Q4_orm_refuses_update_and_delete(event):
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason == "test"


def test_Q4_admin_is_read_only(event, client_for, manager):
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]

    class Req:
        user = manager

    assert not model_admin.has_change_permission(Req(), event)
    assert not model_admin.has_delete_permission(Req(), event)
    assert not model_admin.has_add_permission(Req())


def test_Q4_database_trigger_refuses_raw_update_and_delete(event, postgres_only):
    for sql in ("UPDATE audit_auditevent SET reason = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).reason == "test"
