"""The numbers of M1: defaults of a country nobody has set, the limits of a setting, the recommendation."""

from .choices import BreachResponse, RiskLevel

#: M1.2: what a new account has enabled. Every other country is disabled until set.
DEFAULT_ENABLED_COUNTRIES = frozenset({"US"})
#: The values of a country nobody has set (and of a new row before the caller's changes).
DEFAULT_BREACH_RESPONSE = BreachResponse.BLOCK_AND_ALERT
DEFAULT_BLOCK_HOURS = 1

#: M1.1: an hourly threshold is at least 1 (or none); a block lasts 1 to 24 hours (the seed: "up to 24 hours").
MIN_MPH_THRESHOLD = 1
#: Far above any real account's hourly volume; a guard against typos that would overflow the counters.
MAX_MPH_THRESHOLD = 10_000_000
MIN_BLOCK_HOURS = 1
MAX_BLOCK_HOURS = 24

#: M1.7: the recommendation looks back this many days of counted traffic ...
RECOMMENDATION_DAYS = 15
#: ... takes the busiest hour times this factor, rounded up ...
RECOMMENDATION_FACTOR_NUMERATOR = 3
RECOMMENDATION_FACTOR_DENOMINATOR = 2
#: ... and never less than the risk level's floor: room for a normal hour in a quiet market, little room in a
#: risky one.
RISK_FLOORS = {RiskLevel.LOW: 100, RiskLevel.MEDIUM: 25, RiskLevel.HIGH: 5}

#: The formula as the page states it.
RECOMMENDATION_FORMULA = (
    f"the busiest hour of the last {RECOMMENDATION_DAYS} days × 1.5, rounded up, and at least "
    f"{RISK_FLOORS[RiskLevel.LOW]} for low-risk, {RISK_FLOORS[RiskLevel.MEDIUM]} for medium-risk and "
    f"{RISK_FLOORS[RiskLevel.HIGH]} for high-risk countries"
)

#: A justification says why the business sends there: long enough to say something, short enough to read.
MIN_JUSTIFICATION = 20
MAX_JUSTIFICATION = 2000
