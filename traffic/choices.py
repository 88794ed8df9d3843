"""Choices of the traffic app: alert kinds and states, token scopes, breach responses."""

from django.db import models


class AlertKind(models.TextChoices):
    #: M1.6: BLOCK_AND_ALERT threshold breached: the bucket is blocked (451) for block_hours.
    BREACH_BLOCK = "breach_block", "Threshold breach, traffic blocked"
    #: M1.6: ALERT_ONLY threshold breached: traffic passes, one alert per bucket per hour.
    BREACH_ALERT = "breach_alert", "Threshold breach, alert only"
    #: M3: an alert received from the carrier's fraud shield.
    FRAUD_SHIELD = "fraud_shield", "Carrier fraud shield alert"


class AlertState(models.TextChoices):
    #: Created, before its work item exists (only inside the creating transaction).
    NEW = "new", "New"
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CLOSED = "closed", "Closed"


class TokenScope(models.TextChoices):
    CHECK = "check", "At-send check"
    EVENTS = "events", "Delivery events"


ALL_SCOPES = frozenset(TokenScope.values)


class BreachResponse(models.TextChoices):
    """M1.1, as geo.selectors.effective_permission spells them."""

    BLOCK_AND_ALERT = "BLOCK_AND_ALERT", "Block and alert"
    ALERT_ONLY = "ALERT_ONLY", "Alert only"
    IGNORE = "IGNORE", "Ignore"


class Channel(models.TextChoices):
    """M1.8: the check (and geo permissions) cover SMS and MMS only."""

    SMS = "sms", "SMS"
    MMS = "mms", "MMS"
