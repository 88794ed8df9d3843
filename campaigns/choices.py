"""Campaign vocabularies (C1–C3): use cases, states, attributes and the content fields, in the API's spelling."""

from django.db import models


class UseCase(models.TextChoices):
    """C1 / N4: the registry's (TCR's) use cases. Values are the API spelling; member names must be identifiers."""

    TWO_FA = "2FA", "2FA"
    ACCOUNT_NOTIFICATION = "ACCOUNT_NOTIFICATION", "Account notification"
    CUSTOMER_CARE = "CUSTOMER_CARE", "Customer care"
    DELIVERY_NOTIFICATION = "DELIVERY_NOTIFICATION", "Delivery notification"
    FRAUD_ALERT = "FRAUD_ALERT", "Fraud alert"
    HIGHER_EDUCATION = "HIGHER_EDUCATION", "Higher education"
    LOW_VOLUME = "LOW_VOLUME", "Low volume mixed"
    MARKETING = "MARKETING", "Marketing"
    MIXED = "MIXED", "Mixed"
    POLLING_VOTING = "POLLING_VOTING", "Polling and voting"
    PUBLIC_SERVICE_ANNOUNCEMENT = "PUBLIC_SERVICE_ANNOUNCEMENT", "Public service announcement"
    SECURITY_ALERT = "SECURITY_ALERT", "Security alert"
    # Special use cases: carrier pre/post approval or vetting.
    AGENTS_FRANCHISES = "AGENTS_FRANCHISES", "Agents and franchises"
    CARRIER_EXEMPT = "CARRIER_EXEMPT", "Carrier exempt"
    CHARITY = "CHARITY", "Charity"
    EMERGENCY = "EMERGENCY", "Emergency"
    K12_EDUCATION = "K12_EDUCATION", "K-12 education"
    POLITICAL = "POLITICAL", "Political"
    PROXY = "PROXY", "Proxy"
    SOCIAL = "SOCIAL", "Social"
    SWEEPSTAKE = "SWEEPSTAKE", "Sweepstake"
    SOLE_PROPRIETOR = "SOLE_PROPRIETOR", "Sole proprietor"
    UCAAS_LOW = "UCAAS_LOW", "UCaaS low volume"
    UCAAS_HIGH = "UCAAS_HIGH", "UCaaS high volume"
    PLATFORM_FREE_TRIAL = "PLATFORM_FREE_TRIAL", "Platform free trial"


STANDARD_USE_CASES = frozenset(
    {
        UseCase.TWO_FA,
        UseCase.ACCOUNT_NOTIFICATION,
        UseCase.CUSTOMER_CARE,
        UseCase.DELIVERY_NOTIFICATION,
        UseCase.FRAUD_ALERT,
        UseCase.HIGHER_EDUCATION,
        UseCase.LOW_VOLUME,
        UseCase.MARKETING,
        UseCase.MIXED,
        UseCase.POLLING_VOTING,
        UseCase.PUBLIC_SERVICE_ANNOUNCEMENT,
        UseCase.SECURITY_ALERT,
    }
)
SPECIAL_USE_CASES = frozenset(set(UseCase) - STANDARD_USE_CASES)

#: N4: the registry's sub-use cases (the standard use cases a MIXED / LOW_VOLUME campaign combines), in its order.
SUB_USE_CASES = (
    UseCase.TWO_FA,
    UseCase.ACCOUNT_NOTIFICATION,
    UseCase.CUSTOMER_CARE,
    UseCase.DELIVERY_NOTIFICATION,
    UseCase.FRAUD_ALERT,
    UseCase.HIGHER_EDUCATION,
    UseCase.MARKETING,
    UseCase.POLLING_VOTING,
    UseCase.PUBLIC_SERVICE_ANNOUNCEMENT,
    UseCase.SECURITY_ALERT,
)
#: N4: the use cases that name their sub-use cases, and how many (the registry's 2–5).
USE_CASES_WITH_SUB_USE_CASES = frozenset({UseCase.MIXED, UseCase.LOW_VOLUME})
SUB_USE_CASES_MIN = 2
SUB_USE_CASES_MAX = 5


class CampaignStatus(models.TextChoices):
    """C5–C8: our review of the campaign."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CLOSED = "closed", "Closed"
    SUSPENDED = "suspended", "Suspended"


#: C2: the content attributes, in the API's spelling, with their form labels.
ATTRIBUTE_FIELDS = (
    "embedded_link",
    "embedded_phone",
    "number_pool",
    "age_gated",
    "direct_lending",
    "affiliate_marketing",
)
ATTRIBUTE_LABELS = {
    "embedded_link": "Embedded link",
    "embedded_phone": "Embedded phone number",
    "number_pool": "Number pool",
    "age_gated": "Age-gated content",
    "direct_lending": "Direct lending or loan arrangement",
    "affiliate_marketing": "Affiliate marketing",
}

#: C3: the content the customer writes, in the API's spelling. ``sample_messages`` is a list of 1–5 strings.
CONTENT_FIELDS = (
    "description",
    "message_flow",
    "sample_messages",
    "optin_message",
    "optin_keywords",
    "help_message",
    "help_keywords",
    "optout_message",
    "optout_keywords",
    "privacy_policy_url",
    "terms_url",
    "website",
)
SAMPLE_MESSAGES_MIN = 1
SAMPLE_MESSAGES_MAX = 5

#: Content-attribute-like flags of C2 that say which subscriber keywords the program supports.
SUBSCRIBER_FIELDS = ("subscriber_optin", "subscriber_optout", "subscriber_help")
SUBSCRIBER_LABELS = {
    "subscriber_optin": "Subscriber opt-in",
    "subscriber_optout": "Subscriber opt-out",
    "subscriber_help": "Subscriber help",
}

#: N4: the registry's (TCR's) limits on the content, in characters: (minimum, maximum). A minimum applies to a
#: field that is given (an empty optional field is the pre-screen's business); maxima are refused on every save,
#: minima at submission (a draft may be short while it is written).
REGISTRY_LIMITS = {
    # The registry's 40-character minimum for the description is the pre-screen's 2002 finding (an analyst
    # rejects with 2002), so it is not refused a second time here.
    "description": (0, 4096),
    "message_flow": (40, 2048),
    "optin_message": (20, 255),
    "help_message": (20, 255),
    "optout_message": (20, 255),
    "optin_keywords": (0, 255),
    "help_keywords": (0, 255),
    "optout_keywords": (0, 255),
    "privacy_policy_url": (0, 255),
    "terms_url": (0, 255),
    "website": (0, 255),
}
TEXT_LIMITS = {field: maximum for field, (_, maximum) in REGISTRY_LIMITS.items()}
SAMPLE_MESSAGE_MIN_CHARS = 20
SAMPLE_MESSAGE_MAX_CHARS = 1024
#: C6: the rejection that adds 808 and escalates the campaign to a manager.
ESCALATION_REJECTION = 5
ESCALATION_CODE = "808"


class ReviewDecision(models.TextChoices):
    """C5: an analyst's decision on a submitted campaign."""

    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"


class ManualCheck(models.TextChoices):
    """The seed's manual vetting checklist: campaign registration and call-to-action attributes.

    The pre-screen checks what text can show; these are the judgements an analyst confirms (ticked means
    "confirmed, or does not apply to this campaign")."""

    USE_CASE_ALLOWED = "use_case_allowed", "Use case is not prohibited (insurance reseller, cannabis/CBD, sexual …)"
    TESTING_LOW_VOLUME = "testing_low_volume", "Internal testing programs are registered as Low Volume"
    LENDING_ATTRIBUTE = "lending_attribute", "Direct Lending attribute is checked for a loan use case"
    SAMPLES_ACCURATE = "samples_accurate", "Sample messages accurately represent the brand and use case"
    SAMPLES_DESCRIPTIVE = "samples_descriptive", "Sample messages are adequately descriptive of the use case"
    SAMPLES_SPECIFIC = "samples_specific", "Sample messages are specific to the brand"
    OPTIN_COMPLETE = "optin_complete", "Opt-in message has brand name, frequency, data rates, HELP and opt-out"
    HELP_COMPLETE = "help_complete", "HELP message has brand name and customer-care contact"
    OPTOUT_COMPLETE = "optout_complete", "Opt-out message has brand name and says no further messages are sent"
    POLICY_URLS = "policy_urls", "Privacy Policy and Terms & Conditions URLs provided"
    CTA_DETAILED = "cta_detailed", "CTA / message flow describes the opt-in process in detail"
    CTA_FULL_VERBIAGE = "cta_full_verbiage", "Full CTA verbiage is included in the CTA / message flow"
    WEBSITE_PROVIDED = "website_provided", "Website is provided on the campaign form"
    WEBSITE_LIVE = "website_live", "Website is live and accessible"
    WEBSITE_LEGITIMATE = "website_legitimate", "Website is legitimate and related to the use case"
    CTA_SAYS_WEBSITE = "cta_says_website", "CTA says whether a website is used to obtain consent"
    CTA_WEBSITE_URL = "cta_website_url", "If a website collects consent, its URL is in the CTA"
    CONSENT_ADEQUATE = "consent_adequate", "Consent method is adequate for the use case (implied, expressed, written)"
    CTA_VERBIAGE = (
        "cta_verbiage",
        ("CTA names the brand, use case, frequency, data rates, HELP, opt-out and links the privacy policy"),
    )
    PHONE_OPTIONAL = "phone_optional", "Web form: phone optional, or an optional unchecked opt-in checkbox"


#: C7 / 810: a number pool also needs this confirmation before approval.
NUMBER_POOL_CHECK = "number_pool_review"
NUMBER_POOL_CHECK_LABEL = "T-Mobile special business review for the number pool is complete (810)"


def throughput_group(use_case: str) -> str:
    """V3: which AT&T class family a use case falls in (LOW_VOLUME, MIXED/MARKETING, or dedicated)."""
    from vetting.choices import UseCaseGroup

    if use_case == UseCase.LOW_VOLUME:
        return UseCaseGroup.LOW_VOLUME
    if use_case in (UseCase.MARKETING, UseCase.MIXED):
        return UseCaseGroup.MIXED_MARKETING
    return UseCaseGroup.DEDICATED


class Carrier(models.TextChoices):
    """N3: the mobile network operators the registry shares a campaign with (TCR's MNO list as its networks
    are named in CSP webhooks and carrier-status APIs)."""

    T_MOBILE = "T_MOBILE", "T-Mobile"
    ATT = "ATT", "AT&T"
    VERIZON = "VERIZON", "Verizon Wireless"
    US_CELLULAR = "US_CELLULAR", "US Cellular"
    CLEARSKY = "CLEARSKY", "ClearSky"
    INTEROP = "INTEROP", "Interop Technologies"
    GOOGLE_VOICE = "GOOGLE_VOICE", "Google Voice"


#: N3: TCR's network ids (``mnoId`` in its webhooks and operation-status maps) for the carriers that have a
#: published one; the others are recognised by their display name (``mnoName``).
TCR_MNO_IDS = {
    10017: Carrier.ATT,
    10035: Carrier.T_MOBILE,
    10037: Carrier.VERIZON,
    10038: Carrier.US_CELLULAR,
}


class CarrierState(models.TextChoices):
    """N3: a carrier's own decision on a campaign (TCR's MNO operation status: REVIEW, APPROVED, REJECTED,
    SUSPENDED)."""

    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SUSPENDED = "suspended", "Suspended"


#: N3: carrier states that need a reason (a customer is told why).
CARRIER_STATES_WITH_REASON = frozenset({CarrierState.REJECTED, CarrierState.SUSPENDED})


class CarrierSource(models.TextChoices):
    """Who recorded a carrier status."""

    STAFF = "staff", "Staff"
    REGISTRY = "registry", "Registry webhook"
