"""Choices and constants of the opt-out, DNC and keyword rules (M5)."""

from django.db import models

#: M5.4 / seed: "A heads-up of two weeks will be given before the enforcement of changes."
KEYWORD_NOTICE_DAYS = 14
#: Longest keyword or phrase a manager may block (characters).
MAX_KEYWORD_CHARS = 100
#: Rows a customer's CSV import of opt-outs may hold (larger lists: several files).
MAX_OPTOUT_IMPORT_ROWS = 100_000
#: Rows per page of the opt-out list.
OPTOUT_PAGE_SIZE = 50
#: How long a process keeps the keyword and shortener tables before reading them again (seconds). Safe because
#: a keyword change is announced at least 14 days before it acts; shortener edits act within this delay.
RULE_CACHE_SECONDS = 30


class OptOutScope(models.TextChoices):
    SUB_ACCOUNT = "sub_account", "This sub-account"
    ACCOUNT = "account", "The whole account"


class OptOutSource(models.TextChoices):
    INBOUND = "inbound", "Reply keyword"
    MANUAL = "manual", "Added by hand"
    IMPORT = "import", "Imported"


class DncStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"


class ExemptionStatus(models.TextChoices):
    DRAFT = "draft", "Being written"
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class ExemptionScope(models.TextChoices):
    SUB_ACCOUNT = "sub_account", "The whole sub-account"
    CAMPAIGN = "campaign", "One campaign"


class ExemptionDecision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REFUSE = "refuse", "Refuse"
