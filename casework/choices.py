from django.db import models


class WorkKind(models.TextChoices):
    """Q1: one queue per kind of work. The value is also the subject's ``audit_subject_type``."""

    BRAND = "brand", "Brand reviews"
    CAMPAIGN = "campaign", "Campaign reviews"
    VET = "vet", "Vets in review"
    APPEAL = "appeal", "Appeals"


class Priority(models.IntegerChoices):
    LOW = 0, "Low"
    NORMAL = 1, "Normal"
    HIGH = 2, "High"
    URGENT = 3, "Urgent"


#: The queue page's sortable columns: URL value → (label, model field).
SORTS = {
    "due": ("SLA due", "sla_due"),
    "age": ("Age", "opened_at"),
    "priority": ("Priority", "-priority"),
}
