"""The emails: each has a plain-text and an HTML part, rendered from templates, with absolute links."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Event

SUBJECT_PREFIX = "[Compliance Portal] "


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path if path else ""


def _links() -> dict:
    return {
        "inbox_url": absolute(reverse("inbox")),
        "preferences_url": absolute(reverse("email-preferences")),
    }


def event_message(event: Event, *, to: str) -> EmailMultiAlternatives:
    context = {"event": event, "link": absolute(event.subject_url), **_links()}
    message = EmailMultiAlternatives(
        subject=(SUBJECT_PREFIX + event.title)[:200],
        body=render_to_string("notifications/email/event.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string("notifications/email/event.html", context), "text/html")
    return message


def digest_message(user, events: list[Event]) -> EmailMultiAlternatives:
    items = [{"event": e, "link": absolute(e.subject_url)} for e in events]
    context = {"user": user, "items": items, "count": len(items), **_links()}
    message = EmailMultiAlternatives(
        subject=f"{SUBJECT_PREFIX}{len(items)} update{'s' if len(items) != 1 else ''} today",
        body=render_to_string("notifications/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("notifications/email/digest.html", context), "text/html")
    return message
