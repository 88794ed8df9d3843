from django.db import models

from brands.choices import EntityType


class AppealType(models.TextChoices):
    """A1."""

    IDENTITY_STATUS = "identity_status", "Identity-status appeal"
    STANDARD_VET = "standard_vet", "Standard-vet appeal"


class AppealCategory(models.TextChoices):
    """A5 (the registry's spelling)."""

    VERIFY_TAX_ID = "VERIFY_TAX_ID", "Verify Tax ID"
    VERIFY_NON_PROFIT = "VERIFY_NON_PROFIT", "Verify Non-Profit Status/Subsection"
    VERIFY_GOVERNMENT = "VERIFY_GOVERNMENT", "Verify Government Status"
    LOW_SCORE = "LOW_SCORE", "Low Score"


class AppealStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


#: "Complete" in the seed's words: the brand unfreezes and the vet may be appealed again.
COMPLETE_STATUSES = (AppealStatus.APPROVED, AppealStatus.REJECTED)
OPEN_STATUSES = (AppealStatus.DRAFT, AppealStatus.SUBMITTED, AppealStatus.IN_REVIEW)
DECIDABLE_STATUSES = (AppealStatus.SUBMITTED, AppealStatus.IN_REVIEW)


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"


#: A5: the categories each entity type may use, identity appeal first; vet appeals add LOW_SCORE.
IDENTITY_CATEGORIES: dict[str, tuple[str, ...]] = {
    EntityType.PRIVATE_PROFIT: (AppealCategory.VERIFY_TAX_ID,),
    EntityType.PUBLIC_PROFIT: (AppealCategory.VERIFY_TAX_ID,),
    EntityType.NON_PROFIT: (AppealCategory.VERIFY_TAX_ID, AppealCategory.VERIFY_NON_PROFIT),
    EntityType.GOVERNMENT: (AppealCategory.VERIFY_TAX_ID, AppealCategory.VERIFY_GOVERNMENT),
}

#: A4: calendar days (UTC) after creation during which an appeal may be filed; day 45 is the last.
APPEAL_WINDOW_DAYS = 45
