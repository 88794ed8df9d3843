"""Reads for the inbox and the bell."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification


def inbox_for(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The reader's notifications, newest first (their event joined: no query per row)."""
    found = Notification.objects.visible_to(user).select_related("event")
    if unread_only:
        found = found.unread()
    return found.order_by("-id")


def unread_count(user) -> int:
    """The bell: one COUNT over the reader's unread rows (a partial index on user where unread)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
