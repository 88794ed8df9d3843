from django.db import models


class WorkKind(models.TextChoices):
    """Q1: the built-in queues' kind names and labels (their rows are in ``casework.registry``). The value is
    also the subject's ``audit_subject_type``."""

    BRAND = "brand", "Brand reviews"
    CAMPAIGN = "campaign", "Campaign reviews"
    VET = "vet", "Vets in review"
    APPEAL = "appeal", "Appeals"


def kind_choices() -> list[tuple[str, str]]:
    """The ``kind`` fields' choices: every kind in the registry, read when asked (a new kind needs no
    migration; the registry imports the subjects' models, which cannot be imported from here at load)."""
    from .registry import kind_choices

    return kind_choices()


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
