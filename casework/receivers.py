"""Work items follow their subjects: every transition of a queue kind's state field (``work_state_field``)
opens, pauses, resumes or closes its item (``workitem_sync``), in the same transaction."""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from .registry import kind_of
from .services import workitem_sync


@receiver(post_transition, dispatch_uid="casework_sync_work_item")
def sync_work_item(sender, instance, name, source, target, **kwargs):
    field = kwargs.get("field")
    if field is not None and kind_of(sender) is not None and field.name == sender.work_state_field:
        workitem_sync(subject=instance)
