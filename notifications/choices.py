"""Choices of the notifications app."""

from django.db import models


class Category(models.TextChoices):
    """What an event is about; email preferences are kept per category."""

    REGISTRATION = "registration", "Brand, vet, appeal and campaign decisions"
    TRAFFIC = "traffic", "Traffic alerts, health reminders, violations and suspensions"
    ANNOUNCEMENTS = "announcements", "Announcements (keywords, geo permission requests)"
    SERVICE = "service", "Messages, webhooks and customer replies"


class Audience(models.TextChoices):
    """Who reads an event: the account's customers (inbox, email, webhooks) or the staff working its queue."""

    CUSTOMER = "customer", "Customer"
    STAFF = "staff", "Staff"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately"
    DIGEST = "digest", "Daily digest"
    OFF = "off", "No email"


class EmailState(models.TextChoices):
    """Where a notification is on its way to the reader's mailbox."""

    NONE = "none", "Not emailed"
    PENDING = "pending", "To be emailed now"
    DIGEST = "digest", "In the next digest"
    SENT = "sent", "Emailed"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
