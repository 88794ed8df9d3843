"""Choices of the health app: verdicts (M2.3), cases (M2.4), violations and the ladder (M4)."""

from django.db import models


class Verdict(models.TextChoices):
    """M2.3: a sub-account's day, judged against the policy rows."""

    GOOD = "good", "Good"
    WATCH = "watch", "Watch"
    BAD = "bad", "Bad"
    LOW_VOLUME = "low_volume", "Too few messages to judge"


#: How bad each verdict is: the worst of a day's two rates is its verdict; the overview orders by it.
VERDICT_RANK = {Verdict.LOW_VOLUME: 0, Verdict.GOOD: 0, Verdict.WATCH: 1, Verdict.BAD: 2}
#: Verdicts that put the "at risk" reminder in front of the customer (M2.4).
AT_RISK = frozenset({Verdict.WATCH, Verdict.BAD})


class Metric(models.TextChoices):
    ERROR_RATE = "error_rate", "Error rate (errors ÷ sent)"
    OPT_OUT_RATE = "opt_out_rate", "Opt-out rate (opt-outs ÷ delivered)"


class CaseStatus(models.TextChoices):
    #: The moment before the case enters the queue: its first transition (open) opens the work item.
    NEW = "new", "New"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseCause(models.TextChoices):
    BAD_DAYS = "bad_days", "Bad traffic-health days"
    COMPROMISE = "compromise", "Reported compromise"


class ViolationKind(models.TextChoices):
    """M4.1."""

    BAD_HEALTH_DAY = "bad_health_day", "Bad traffic-health day"
    THRESHOLD_BREACH = "threshold_breach", "Messages-per-hour threshold breach"
    PROHIBITED_CONTENT = "prohibited_content", "Prohibited content"
    OPTOUT_NOT_HONOURED = "optout_not_honoured", "Opt-out not honoured"
    COMPLAINT = "complaint", "Complaint"
    COMPROMISE = "compromise", "Compromised traffic"


class Severity(models.TextChoices):
    MINOR = "minor", "Minor"
    MAJOR = "major", "Major"
    SERIOUS = "serious", "Serious"


class Step(models.IntegerChoices):
    """M4.2, the enforcement ladder, in order."""

    WARNING = 1, "Warning"
    SENDER_OR_CAMPAIGN = 2, "Suspend a sender id or campaign"
    SUB_ACCOUNT = 3, "Suspend the sub-account (every campaign and sender id)"
    ACCOUNT = 4, "Suspend the account"


#: What a customer reads about a step taken against them (plain words).
STEP_CUSTOMER_TEXT = {
    Step.WARNING: "We sent you a warning.",
    Step.SENDER_OR_CAMPAIGN: "We suspended a sender number or a campaign.",
    Step.SUB_ACCOUNT: "We suspended this sub-account: none of its campaigns or sender numbers can send.",
    Step.ACCOUNT: "We suspended your account: nothing in it can send.",
}
