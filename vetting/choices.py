from django.db import models


class VetClass(models.TextChoices):
    """V1."""

    STANDARD = "STANDARD", "Standard"
    ENHANCED = "ENHANCED", "Enhanced"
    POLITICAL = "POLITICAL", "Political"
    #: N4: the registry's Authentication+ (brand contact verification of a public company); no score.
    AUTHPLUS = "AUTHPLUS", "Authentication+"


#: Vet classes that carry no score (a political token, an Authentication+ check): never a throughput vet.
UNSCORED_CLASSES = frozenset({VetClass.POLITICAL, VetClass.AUTHPLUS})


class VetStatus(models.TextChoices):
    """V2: PENDING/UNSCORE → REVIEW → ACTIVE | FAIL; ACTIVE may later expire."""

    PENDING = "PENDING", "Pending"
    UNSCORE = "UNSCORE", "Unscored (manual review follows)"
    REVIEW = "REVIEW", "In manual review"
    ACTIVE = "ACTIVE", "Active"
    FAIL = "FAIL", "Failed"
    EXPIRED = "EXPIRED", "Expired"


OPEN_STATUSES = (VetStatus.PENDING, VetStatus.UNSCORE, VetStatus.REVIEW)
FINAL_STATUSES = (VetStatus.ACTIVE, VetStatus.FAIL)


class Vendor(models.TextChoices):
    AEGIS = "AEGIS", "Aegis Mobile"
    WMC = "WMC", "WMC Global"
    CAMPAIGN_VERIFY = "CV", "Campaign Verify"
    TCR = "TCR", "The Campaign Registry"


#: Which vendors offer which class of vet.
VENDORS_BY_CLASS = {
    VetClass.STANDARD: (Vendor.AEGIS, Vendor.WMC),
    VetClass.ENHANCED: (Vendor.AEGIS, Vendor.WMC),
    VetClass.POLITICAL: (Vendor.CAMPAIGN_VERIFY,),
    VetClass.AUTHPLUS: (Vendor.TCR,),
}


class UseCaseGroup(models.TextChoices):
    """V3: the published AT&T classes differ by the kind of use case."""

    DEDICATED = "DEDICATED", "Dedicated use case"
    MIXED_MARKETING = "MIXED_MARKETING", "Mixed / marketing"
    LOW_VOLUME = "LOW_VOLUME", "Low Volume Mixed"
