"""Choices of the senders app."""

from django.db import models


class SenderKind(models.TextChoices):
    LONG_CODE = "long_code", "US long code"
    SHORT_CODE = "short_code", "Short code"


class SenderStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    RELEASED = "released", "Released"


#: A number is "held" while active or suspended: one holder at a time (the partial unique index), and the
#: at-send check's lookups use exactly this predicate so PostgreSQL can use that index.
HELD_STATES = (SenderStatus.ACTIVE, SenderStatus.SUSPENDED)

#: S2: a campaign without the number-pool attribute holds at most this many numbers (more needs C7/810).
MAX_NUMBERS_WITHOUT_POOL = 49
