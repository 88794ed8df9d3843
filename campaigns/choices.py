"""Campaign vocabularies (C1–C3): use cases, states, attributes and the content fields, in the API's spelling."""

from django.db import models


class UseCase(models.TextChoices):
    """C1: the registry's use cases. Values are the API spelling; member names must be identifiers."""

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
    POLITICAL = "POLITICAL", "Political"
    CHARITY = "CHARITY", "Charity"


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
SPECIAL_USE_CASES = frozenset({UseCase.POLITICAL, UseCase.CHARITY})


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
