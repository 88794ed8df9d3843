"""The seed's numbers: the policy rows' first values (migration 0002) and the overview's ordering weights."""

from decimal import Decimal

from .choices import Metric, Severity, Step, Verdict

#: M2.3 (ISV messaging tactics): error rate ≤ 6 % good, > 6 % bad; opt-out ≤ 0.3 % good, ≤ 0.4 % watch, > 0.4 % bad.
SEED_THRESHOLDS = [
    (Metric.ERROR_RATE, Verdict.GOOD, Decimal("6.00")),
    (Metric.OPT_OUT_RATE, Verdict.GOOD, Decimal("0.30")),
    (Metric.OPT_OUT_RATE, Verdict.WATCH, Decimal("0.40")),
]
SEED_MIN_SENT = 100
#: M4.2 (onboarding guidelines): step → (violations, in days). The account step counts the whole account's.
SEED_LADDER = {
    Step.WARNING: (1, 30),
    Step.SENDER_OR_CAMPAIGN: (2, 30),
    Step.SUB_ACCOUNT: (3, 30),
    Step.ACCOUNT: (5, 90),
}
#: "If deemed serious, all SIDs or campaigns linked to a sub-account may be suspended without prior notice."
SEED_SEVERITY_FLOORS = {
    Severity.MINOR: Step.WARNING,
    Severity.MAJOR: Step.SENDER_OR_CAMPAIGN,
    Severity.SERIOUS: Step.SUB_ACCOUNT,
}

#: The standing's recent window: bad and watch days counted over the last 30 judged days.
STANDING_WINDOW_DAYS = 30
#: The "at risk" reminder shows a watch or bad day this recent (the tactics seed's in-console alert: 7 days).
REMINDER_DAYS = 7
#: Days on a chart (M2.5).
CHART_DAYS = 90
