"""Events and endpoints for notification tests, made through the real services."""

from __future__ import annotations

from notifications import catalogue, services


def raise_event(
    *, account, spec=catalogue.AUDIT_ACTIONS[("campaign", "approve")], subject_id=1, label="Acme alerts", **extra
):
    """One customer event of ``account`` as the audit receiver would raise it."""
    return services.event_raise(
        account_id=account.pk,
        spec=spec,
        subject_type=spec.type.split(".")[0],
        subject_id=subject_id,
        label=label,
        reference=f"C-{subject_id}",
        url=f"/campaigns/{subject_id}/",
        status="approved",
        **extra,
    )


def make_endpoint(*, customer, url: str, events=()):
    endpoint, secret = services.webhook_endpoint_create(actor=customer, url=url, event_types=events)
    return endpoint, secret
