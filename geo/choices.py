from django.db import models


class RiskLevel(models.TextChoices):
    """M1.1: a destination's fraud risk, from the catalogue managers edit."""

    LOW = "LOW", "Low"
    MEDIUM = "MEDIUM", "Medium"
    HIGH = "HIGH", "High"


class BreachResponse(models.TextChoices):
    """M1.1/M1.5/M1.6: what happens when a bucket passes its hourly threshold."""

    BLOCK_AND_ALERT = "BLOCK_AND_ALERT", "Block & alert"
    ALERT_ONLY = "ALERT_ONLY", "Alert only"
    IGNORE = "IGNORE", "Ignore"


class RequestStatus(models.TextChoices):
    """M1.3: a customer's request to enable a country for a sub-account."""

    NEW = "new", "New"
    PENDING = "pending", "Waiting for review"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class RequestDecision(models.TextChoices):
    GRANT = "grant", "Grant"
    REFUSE = "refuse", "Refuse"
