"""Notification rules (N1, N2): raising events, the inbox, email, compliance contacts and customer webhooks.

Events are written inside the transaction of the change they announce (receivers in ``receivers.py`` call
``event_raise``); everything that leaves the portal — email, webhook POSTs — happens after commit, in Celery tasks
that call the functions below by id and are safe to run twice.
"""

from __future__ import annotations

import json
import secrets as _secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from core.errors import DomainError, StateConflict
from core.locking import lock_row, save_versioned
from core.webhooks import sign

from . import catalogue, mail, policies, transport
from .catalogue import EventType
from .choices import Audience, Category, DeliveryStatus, EmailMode, EmailState
from .models import (
    ComplianceContact,
    EmailPreference,
    Event,
    Notification,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

MAX_ENDPOINTS_PER_ACCOUNT = 10
MAX_CONTACTS_PER_ACCOUNT = 10
SIGNATURE_HEADER = "X-Portal-Signature"
TIMESTAMP_HEADER = "X-Portal-Timestamp"
EVENT_ID_HEADER = "X-Portal-Event-Id"
DIGEST_BATCH = 200

# ----------------------------------------------------------------------------------------------------------
# Events and the inbox
# ----------------------------------------------------------------------------------------------------------


def event_raise(
    *,
    account_id: int,
    spec: EventType,
    subject_type: str,
    subject_id: int | str,
    label: str = "",
    reference: str | None = "",
    url: str = "",
    status: str = "",
    reasons: Iterable[dict] = (),
    body: str = "",
    data: dict | None = None,
    actor=None,
    audience: str = Audience.CUSTOMER,
    recipient_ids: Iterable[int] | None = None,
    title: str | None = None,
) -> Event:
    """Record one event and put it in its readers' inboxes, in the caller's transaction; email and webhooks
    follow after commit. Customer events reach the account's active customer users (not the one who acted);
    staff events reach ``recipient_ids`` only."""
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = Event.objects.create(
        account_id=account_id,
        audience=audience,
        type=spec.type,
        category=spec.category,
        subject_type=subject_type,
        subject_id=str(subject_id),
        # None: the dispatching worker reads it from the subject (no query on the request).
        subject_reference=(label if reference is None else reference or label)[:255],
        subject_url=url[:300],
        status=status[:40],
        reasons=list(reasons),
        title=(title or catalogue.title_for(spec, subject_type=subject_type, label=label))[:300],
        body=body,
        data={**(data or {}), **({REFERENCE_PENDING: True} if reference is None else {})},
        actor_id=actor_id,
    )
    if recipient_ids is None and audience == Audience.CUSTOMER:
        _insert_account_inbox_rows(event, exclude_user_id=actor_id)
    elif recipient_ids is not None:
        readers = User.objects.filter(is_active=True, pk__in=list(recipient_ids)).exclude(pk=actor_id)
        _deliver_to_inboxes([event], {account_id: _readers_with_modes(readers, spec.category)})
    _dispatch_on_commit([event.pk])
    return event


def _insert_account_inbox_rows(event: Event, *, exclude_user_id: int | None) -> None:
    """The event into the inbox of each active customer user of its account (but the one who acted), with the
    email state their preference for its category asks for — one INSERT … SELECT, so the request that caused the
    event pays one round trip for its readers, not a read and a write."""
    notifications, users, preferences = (m._meta.db_table for m in (Notification, User, EmailPreference))
    mode = EmailPreference._meta.get_field(event.category).column  # a Category value: one of the table's columns
    sql = (
        f"INSERT INTO {notifications} (user_id, event_id, created_at, email_state) "  # noqa: S608 - names, not input
        f"SELECT u.id, %s, %s, CASE COALESCE(p.{mode}, %s) WHEN %s THEN %s WHEN %s THEN %s ELSE %s END "
        f"FROM {users} u LEFT JOIN {preferences} p ON p.user_id = u.id "
        "WHERE u.account_id = %s AND u.is_active = %s AND u.id <> %s"
    )
    params = [
        event.pk,
        event.occurred_at,
        EmailMode.IMMEDIATE,
        EmailMode.IMMEDIATE,
        EmailState.PENDING,
        EmailMode.DIGEST,
        EmailState.DIGEST,
        EmailState.NONE,
        event.account_id,
        True,
        exclude_user_id or 0,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


#: A key in ``Event.data`` while the subject's reference is still to be read (by the dispatching worker).
REFERENCE_PENDING = "_reference_pending"


def _readers_with_modes(readers, category: str) -> list[tuple[int, str | None]]:
    """(user id, email mode for ``category`` or None when the user kept the default): one query, preferences
    joined."""
    return list(readers.values_list("pk", f"email_preference__{category}"))


_EMAIL_STATE = {EmailMode.IMMEDIATE: EmailState.PENDING, EmailMode.DIGEST: EmailState.DIGEST, None: EmailState.PENDING}


def _deliver_to_inboxes(events: list[Event], readers: dict[int, list[tuple[int, str | None]]]) -> None:
    """One notification per (event, reader of its account), each with its email state from the reader's mode."""
    rows = [
        Notification(
            user_id=uid, event=event, email_state=_EMAIL_STATE.get(mode, EmailState.NONE), created_at=event.occurred_at
        )
        for event in events
        for uid, mode in readers.get(event.account_id, ())
    ]
    if rows:
        Notification.objects.bulk_create(rows, batch_size=1000)


def _dispatch_on_commit(event_ids: list[int]) -> None:
    from .tasks import dispatch_event

    for event_id in event_ids:
        dispatch_event.delay_on_commit(event_id)


def event_announce_to_all(
    *,
    spec: EventType,
    subject_type: str,
    subject_id,
    label: str,
    title: str,
    body: str = "",
    status: str = "",
    data: dict | None = None,
) -> list[Event]:
    """A system-wide announcement (a keyword change): one event per account that has customer users."""
    by_account: dict[int, list[tuple[int, str | None]]] = {}
    readers = User.objects.filter(account__isnull=False, is_active=True)
    for uid, account_id, mode in readers.values_list("pk", "account_id", f"email_preference__{spec.category}"):
        by_account.setdefault(account_id, []).append((uid, mode))
    events = Event.objects.bulk_create(
        [
            Event(
                account_id=account_id,
                type=spec.type,
                category=spec.category,
                subject_type=subject_type,
                subject_id=str(subject_id),
                subject_reference=label[:255],
                status=status,
                title=title[:300],
                body=body,
                data=data or {},
            )
            for account_id in sorted(by_account)
        ],
        batch_size=500,
    )
    _deliver_to_inboxes(events, by_account)
    _dispatch_on_commit([event.pk for event in events])
    return events


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the reader's own notifications read (a second call changes nothing)."""
    policies.notification_can_read(actor).enforce()
    if notification.user_id != actor.pk:
        raise DomainError("forbidden", "This notification is someone else's.")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, actor: User) -> int:
    policies.notification_can_read(actor).enforce()
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


def email_preference_set(*, actor: User, modes: dict[str, str]) -> EmailPreference:
    """Set the reader's email mode per category (immediately, daily digest or none)."""
    policies.email_preference_can_edit(actor).enforce()
    errors: dict[str, list[str]] = {}
    for key, value in modes.items():
        if key not in Category.values:
            errors[key] = [f"Unknown category; the categories are {', '.join(Category.values)}."]
        elif value not in EmailMode.values:
            errors[key] = [f"Choose one of {', '.join(EmailMode.values)}, not “{value}”."]
    if errors:
        raise DomainError("invalid", "Some email preferences are not valid.", errors=errors)
    preference, _ = EmailPreference.objects.get_or_create(user=actor)
    for key, value in modes.items():
        setattr(preference, key, value)
    preference.save()
    return preference


# ----------------------------------------------------------------------------------------------------------
# Compliance contacts
# ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def contact_add(*, actor: User, email: str, name: str = "") -> ComplianceContact:
    """An extra address for the account's traffic events (at most ten per account)."""
    policies.contact_can_manage(actor).enforce()
    email = (email or "").strip().lower()
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except Exception:
        raise DomainError("invalid", f"“{email}” is not an email address.", field="email") from None
    account = lock_row(type(actor.account).objects.all(), actor.account_id)
    existing = ComplianceContact.objects.filter(account=account)
    if existing.filter(email=email).exists():
        raise DomainError("duplicate", f"{email} is already a compliance contact.", field="email")
    if (count := existing.count()) >= MAX_CONTACTS_PER_ACCOUNT:
        raise DomainError(
            "limit", f"At most {MAX_CONTACTS_PER_ACCOUNT} compliance contacts; this account has {count}.", field="email"
        )
    contact = ComplianceContact.objects.create(account=account, email=email, name=(name or "").strip()[:120])
    audit_record(actor=actor, subject=account, action="compliance_contact_added", data={"email": email})
    return contact


@transaction.atomic
def contact_remove(*, actor: User, contact: ComplianceContact) -> None:
    policies.contact_can_manage(actor).enforce()
    audit_record(actor=actor, subject=actor.account, action="compliance_contact_removed", data={"email": contact.email})
    contact.delete()


# ----------------------------------------------------------------------------------------------------------
# Email: immediate (after commit) and the daily digest
# ----------------------------------------------------------------------------------------------------------


def event_dispatch(*, event_id: int) -> None:
    """After commit: the immediate emails of one event, then its webhook deliveries (each sent by its own task)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    if event.data.get(REFERENCE_PENDING):
        _fill_reference(event)
    _email_event(event)
    if event.audience == Audience.CUSTOMER:
        for delivery_id in _create_deliveries(event):
            from .tasks import deliver_webhook

            deliver_webhook.delay(delivery_id)


def _fill_reference(event: Event) -> None:
    from .subjects import load_subject, subject_reference

    subject = load_subject(event.subject_type, event.subject_id)
    event.subject_reference = subject_reference(subject, event.subject_reference)[:255]
    event.data = {k: v for k, v in event.data.items() if k != REFERENCE_PENDING}
    Event.objects.filter(pk=event.pk).update(subject_reference=event.subject_reference, data=event.data)


def _email_event(event: Event) -> int:
    with transaction.atomic():
        # Claimed under a row lock and marked sent in the same transaction: a failed send rolls back and the task
        # retries; two workers never both send.
        due = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(event=event, email_state=EmailState.PENDING)
            .select_related("user")
        )
        addresses = [n.user.email for n in due if n.user.email]
        if event.audience == Audience.CUSTOMER and event.category == Category.TRAFFIC:
            addresses += list(
                ComplianceContact.objects.filter(account_id=event.account_id).values_list("email", flat=True)
            )
        addresses = list(dict.fromkeys(addresses))
        if addresses:
            with get_connection() as connection:
                connection.send_messages([mail.event_message(event, to=address) for address in addresses])
        if due:
            Notification.objects.filter(pk__in=[n.pk for n in due]).update(
                email_state=EmailState.SENT, emailed_at=timezone.now()
            )
    return len(addresses)


def digest_send(*, now: datetime | None = None) -> int:
    """The daily digest: per user, one email listing their unread notifications waiting for it; notifications
    read in the meantime are not mailed. Returns the number of emails sent."""
    now = now or timezone.now()
    sent = 0
    user_ids = list(
        Notification.objects.filter(email_state=EmailState.DIGEST)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in user_ids:
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(user_id=user_id, email_state=EmailState.DIGEST)
                .select_related("event", "user")
                .order_by("id")[:DIGEST_BATCH]
            )
            unread = [n for n in waiting if n.read_at is None]
            if unread and unread[0].user.email:
                mail.digest_message(unread[0].user, [n.event for n in unread]).send()
                sent += 1
            Notification.objects.filter(pk__in=[n.pk for n in unread]).update(
                email_state=EmailState.SENT, emailed_at=now
            )
            Notification.objects.filter(pk__in=[n.pk for n in waiting if n.read_at is not None]).update(
                email_state=EmailState.NONE
            )
    return sent


# ----------------------------------------------------------------------------------------------------------
# Webhook endpoints
# ----------------------------------------------------------------------------------------------------------


def _new_secret() -> str:
    return "whsec_" + _secrets.token_urlsafe(32)


def _clean_endpoint(*, url: str | None, event_types: Iterable[str] | None, description: str | None) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    if url is not None:
        url = url.strip()
        if len(url) > 2000:
            errors["url"] = [f"At most 2,000 characters; this has {len(url):,}."]
        elif problem := transport.url_problem(url):
            errors["url"] = [problem]
        cleaned["url"] = url
    if event_types is not None:
        if isinstance(event_types, str) or not all(isinstance(t, str) for t in event_types):
            errors["events"] = ["A list of event types."]
        else:
            unknown = sorted(set(event_types) - catalogue.CUSTOMER_TYPES)
            if unknown:
                errors["events"] = [f"Unknown event type(s): {', '.join(unknown)}."]
            cleaned["event_types"] = sorted(set(event_types))
    if description is not None:
        if len(description) > 200:
            errors["description"] = [f"At most 200 characters; this has {len(description)}."]
        cleaned["description"] = description.strip()
    if errors:
        raise DomainError("invalid", "Some endpoint settings are not valid.", errors=errors)
    return cleaned


@transaction.atomic
def webhook_endpoint_create(
    *, actor: User, url: str, event_types: Iterable[str] = (), description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret — the only time the secret is returned."""
    policies.webhook_can_manage(actor).enforce()
    cleaned = _clean_endpoint(url=url, event_types=list(event_types), description=description)
    account = lock_row(type(actor.account).objects.all(), actor.account_id)
    if (count := WebhookEndpoint.objects.filter(account=account).count()) >= MAX_ENDPOINTS_PER_ACCOUNT:
        raise DomainError(
            "limit", f"At most {MAX_ENDPOINTS_PER_ACCOUNT} webhook endpoints; this account has {count}.", field="url"
        )
    secret = _new_secret()
    endpoint = WebhookEndpoint.objects.create(account=account, secret=secret, created_by=actor, **cleaned)
    audit_record(actor=actor, subject=endpoint, action="created", data={"url": endpoint.url})
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_update(
    *,
    actor: User,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Change an endpoint; turning it back on clears an automatic disabling and its failure count."""
    policies.webhook_can_manage(actor).enforce()
    cleaned = _clean_endpoint(
        url=url, event_types=None if event_types is None else list(event_types), description=description
    )
    endpoint = lock_row(WebhookEndpoint.objects.all(), endpoint.pk)
    for field, value in cleaned.items():
        setattr(endpoint, field, value)
    if active is not None and active != endpoint.active:
        endpoint.active = active
        if active:
            endpoint.disabled_at, endpoint.disabled_reason = None, ""
            endpoint.failing_since, endpoint.consecutive_failures = None, 0
    save_versioned(endpoint)
    audit_record(
        actor=actor,
        subject=endpoint,
        action="updated",
        data={k: v for k, v in {**cleaned, "active": active}.items() if v is not None},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_rotate_secret(
    *, actor: User, endpoint: WebhookEndpoint, now: datetime | None = None
) -> tuple[WebhookEndpoint, str]:
    """A new secret (returned once); the old one keeps signing beside it for the overlap period, so the receiver
    can switch to the new one without missing a delivery."""
    policies.webhook_can_manage(actor).enforce()
    now = now or timezone.now()
    endpoint = lock_row(WebhookEndpoint.objects.all(), endpoint.pk)
    secret = _new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + timedelta(seconds=settings.WEBHOOK_SECRET_OVERLAP_SECONDS)
    endpoint.secret = secret
    save_versioned(endpoint)
    audit_record(
        actor=actor,
        subject=endpoint,
        action="secret_rotated",
        data={"previous_valid_until": endpoint.previous_secret_expires_at.isoformat()},
    )
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_delete(*, actor: User, endpoint: WebhookEndpoint) -> None:
    policies.webhook_can_manage(actor).enforce()
    endpoint = lock_row(WebhookEndpoint.objects.all(), endpoint.pk)
    audit_record(actor=actor, subject=endpoint, action="deleted", data={"url": endpoint.url})
    endpoint.delete()


# ----------------------------------------------------------------------------------------------------------
# Webhook deliveries
# ----------------------------------------------------------------------------------------------------------


def webhook_payload(event: Event) -> dict:
    """The JSON body, shaped like the providers' status events; a traffic alert also carries the carrier's M3
    fields (``auth_id``, ``destination_country``, ``block``, ``alert_type``, ``message``)."""
    payload = {
        "id": event.webhook_id,
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "subject": {"type": event.subject_type, "id": event.subject_id, "reference": event.subject_reference},
        "status": event.status,
        "reasons": event.reasons,
        "summary": event.title,
    }
    for key, value in (event.data or {}).items():
        if not key.startswith("_"):
            payload.setdefault(key, value)
    return payload


def webhook_body(event: Event) -> bytes:
    return json.dumps(webhook_payload(event), separators=(",", ":"), ensure_ascii=False).encode()


def webhook_headers(*, endpoint: WebhookEndpoint, event: Event, body: bytes, timestamp: int, now=None) -> dict:
    """``X-Portal-Signature: v1=<hex>[,v1=<hex>]`` — one signature per current secret (two during a rotation)."""
    signatures = [sign(secret=s.encode(), body=body, timestamp=timestamp) for s in endpoint.signing_secrets(now)]
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: ",".join(signatures),
        EVENT_ID_HEADER: event.webhook_id,
    }


def _create_deliveries(event: Event) -> list[int]:
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(account_id=event.account_id, active=True) if e.wants(event.type)
    ]
    if not endpoints:
        return []
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(account_id=event.account_id, endpoint=e, event=event) for e in endpoints],
        ignore_conflicts=True,  # the task ran before: the unique (endpoint, event) keeps one delivery each
    )
    return list(
        WebhookDelivery.objects.filter(
            event=event, replay_of__isnull=True, status=DeliveryStatus.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: base × 2^(attempts−1), capped."""
    return min(
        settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.WEBHOOK_RETRY_MAX_DELAY_SECONDS
    )


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Send one due delivery once and record the outcome; None when it is not due, final, or being sent by
    another worker (a lease on the row, so a redelivered task never sends twice at once)."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 30)
    won = (
        WebhookDelivery.objects.filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        .update(leased_until=now + lease)
    )
    if not won:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, "The endpoint is turned off."
        delivery.next_attempt_at = delivery.leased_until = None
        delivery.save(update_fields=["status", "last_error", "next_attempt_at", "leased_until"])
        return delivery
    body = webhook_body(delivery.event)
    headers = webhook_headers(endpoint=endpoint, event=delivery.event, body=body, timestamp=int(now.timestamp()))
    outcome = transport.post(endpoint.url, body, headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    return _record_outcome(delivery, outcome, now + timedelta(milliseconds=outcome.duration_ms))


@transaction.atomic
def _record_outcome(delivery: WebhookDelivery, outcome: transport.Outcome, now: datetime) -> WebhookDelivery:
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=now,
        response_code=outcome.status,
        duration_ms=outcome.duration_ms,
        error=outcome.error,
        succeeded=outcome.succeeded,
    )
    delivery.attempts += 1
    delivery.response_code = outcome.status
    delivery.duration_ms = outcome.duration_ms
    delivery.leased_until = None
    endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
    if outcome.succeeded:
        delivery.status, delivery.last_error = DeliveryStatus.SUCCEEDED, ""
        delivery.delivered_at, delivery.next_attempt_at = now, None
        # Conditional: the usual case (no failures to forget) writes nothing to the endpoint row.
        endpoints.exclude(consecutive_failures=0, failing_since=None).update(consecutive_failures=0, failing_since=None)
    else:
        delivery.last_error = outcome.error or f"The endpoint answered {outcome.status}."
        next_at = now + timedelta(seconds=retry_delay(delivery.attempts))
        if next_at > delivery.created_at + timedelta(seconds=settings.WEBHOOK_RETRY_WINDOW_SECONDS):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, next_at
        endpoints.update(
            consecutive_failures=F("consecutive_failures") + 1, failing_since=Coalesce("failing_since", now)
        )
        if _disable_if_failing(delivery.endpoint_id, now):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    delivery.save(
        update_fields=[
            "attempts",
            "response_code",
            "duration_ms",
            "leased_until",
            "status",
            "last_error",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def _disable_if_failing(endpoint_id: int, now: datetime) -> bool:
    """Turn an endpoint off once every attempt failed for the disable period, or too many failed in a row; its
    waiting deliveries fail, and the account's users are told (the audit event becomes an inbox notice)."""
    since = now - timedelta(seconds=settings.WEBHOOK_DISABLE_AFTER_SECONDS)
    limit = settings.WEBHOOK_DISABLE_AFTER_FAILURES
    reason = (
        f"Every delivery failed for {settings.WEBHOOK_DISABLE_AFTER_SECONDS / 3600:g} hours or {limit} times in a row."
    )
    turned_off = (
        WebhookEndpoint.objects.filter(pk=endpoint_id, active=True)
        .filter(Q(consecutive_failures__gte=limit) | Q(failing_since__lte=since))
        .update(active=False, disabled_at=now, disabled_reason=reason, version=F("version") + 1)
    )
    if not turned_off:
        return False
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    WebhookDelivery.objects.filter(
        endpoint_id=endpoint_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    ).update(status=DeliveryStatus.FAILED, next_attempt_at=None, last_error="The endpoint was turned off.")
    audit_record(actor=None, subject=endpoint, action="disabled", reason=reason)
    return True


@transaction.atomic
def delivery_replay(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's event to its endpoint again, now: a new delivery (same event id, so the receiver can
    tell a replay from a new event), with its own 24-hour retry window."""
    policies.webhook_can_replay(actor, delivery).enforce()
    if not delivery.is_final:
        raise StateConflict("in_progress", "This delivery is still being attempted; wait for it to finish.")
    replay = WebhookDelivery.objects.create(
        account_id=delivery.account_id, endpoint=delivery.endpoint, event=delivery.event, replay_of=delivery
    )
    audit_record(actor=actor, subject=delivery.endpoint, action="replayed", data={"delivery": delivery.pk})
    from .tasks import deliver_webhook

    deliver_webhook.delay_on_commit(replay.pk)
    return replay


def deliveries_due(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Deliveries whose next attempt is due and that nobody is sending (the periodic retry job sends them)."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
