"""Writing audit events. Called inside the service's transaction, so the event commits with it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from core.middleware import current_request_id

from .models import AuditEvent


def audit_record(
    *,
    actor,
    subject: models.Model,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    codes: Iterable[str] = (),
    data: dict[str, Any] | None = None,
    customer_visible: bool = True,
) -> AuditEvent:
    """Append one event about ``subject`` (a model with ``audit_subject_type`` and ``audit_account_id``)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.get_username() if is_user else "system",
        account_id=getattr(subject, "audit_account_id", None),
        subject_type=subject.audit_subject_type,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:255],
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        codes=list(codes),
        data=data or {},
        request_id=current_request_id(),
        customer_visible=customer_visible,
    )
