"""Vocabularies of the events app."""

from __future__ import annotations

from django.db import models


class Provider(models.TextChoices):
    TWILIO = "twilio", "Twilio"
    PLIVO = "plivo", "Plivo"
    TELNYX = "telnyx", "Telnyx"
    #: Rows of a bulk back-fill (``POST /api/v1/traffic/events/``); never a hook's provider.
    PLATFORM = "platform", "Sending platform (bulk upload)"


HOOK_PROVIDERS = (Provider.TWILIO, Provider.PLIVO, Provider.TELNYX)


class Milestone(models.IntegerChoices):
    """What a stored event row counts. A message has at most one row per milestone (the unique key), so a
    redelivered callback, or ``queued → sent → delivered`` of one message, counts it once as sent and once at
    its final outcome."""

    SENT = 1, "sent"
    FINAL = 2, "final outcome"
    INBOUND = 3, "inbound message"


class Outcome(models.TextChoices):
    """The normalised status a row records (the provider's own word is mapped to one of these)."""

    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    #: Ended failed or undelivered with an error code: counts in ``errors`` (M2.3).
    ERROR = "error", "Failed with an error code"
    #: Ended failed or undelivered without an error code: final, but not an error by M2.3's definition.
    FAILED = "failed", "Failed without an error code"
    RECEIVED = "received", "Received"


class InboundKind(models.TextChoices):
    """M2.2: what an inbound message says, on its whole trimmed text (``events.keywords.classify``)."""

    OPT_OUT = "opt_out", "Opt-out"
    OPT_IN = "opt_in", "Opt-in"
    HELP = "help", "Help"


class EventSource(models.TextChoices):
    CALLBACK = "callback", "Provider callback"
    BULK = "bulk", "Bulk upload"
