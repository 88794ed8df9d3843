"""Work items follow their subjects: every review-state transition of a brand, campaign, vet or appeal
opens, pauses, resumes or closes its item (``workitem_sync``), in the same transaction."""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from .registry import KIND_BY_MODEL
from .services import workitem_sync


@receiver(post_transition, dispatch_uid="casework_sync_work_item")
def sync_work_item(sender, instance, name, source, target, **kwargs):
    field = kwargs.get("field")
    if sender in KIND_BY_MODEL and field is not None and field.name == "status":
        workitem_sync(subject=instance)
