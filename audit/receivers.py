"""Every django-fsm transition on an audited model is recorded, so none can be forgotten.

Transition methods take keyword arguments ``by`` (the acting user), ``reason`` and ``codes``;
the ``post_transition`` signal hands them to us with the source and target states.
"""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from .services import audit_record


@receiver(post_transition, dispatch_uid="audit_fsm_transition")
def record_transition(sender, instance, name, source, target, **kwargs):
    if not hasattr(instance, "audit_subject_type"):
        return
    options = kwargs.get("method_kwargs") or {}
    field = kwargs.get("field")
    audit_record(
        actor=options.get("by"),
        subject=instance,
        action=name,
        from_state=str(source),
        to_state=str(target),
        reason=options.get("reason", ""),
        codes=options.get("codes") or (),
        data={"field": field.name} if field is not None else {},
        customer_visible=options.get("customer_visible", True),
    )
