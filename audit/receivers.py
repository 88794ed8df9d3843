"""Every django-fsm transition on an audited model is recorded, so none can be forgotten.

Transition methods take keyword arguments ``by`` (the acting user), ``reason`` and ``codes``;
the ``post_transition`` signal hands them to us with the source and target states. Suspensions of sub-accounts
and accounts (which are not state machines, and whose app sits below this one) come by ``accounts.signals``.
"""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from accounts.signals import (
    account_reinstated,
    account_suspended,
    reseller_changed,
    sub_account_reinstated,
    sub_account_suspended,
)

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


@receiver([sub_account_suspended, account_suspended], dispatch_uid="audit_suspended")
def record_suspension(sender, instance, actor, reason, **kwargs):
    """C8 / M4.2: a sub-account or an account suspended, recorded in the suspending service's transaction."""
    audit_record(
        actor=actor, subject=instance, action="suspend", from_state="active", to_state="suspended", reason=reason
    )


@receiver([sub_account_reinstated, account_reinstated], dispatch_uid="audit_reinstated")
def record_reinstatement(sender, instance, actor, reason, **kwargs):
    audit_record(
        actor=actor, subject=instance, action="reinstate", from_state="suspended", to_state="active", reason=reason
    )


@receiver(reseller_changed, dispatch_uid="audit_reseller_changed")
def record_reseller_change(sender, instance, actor, reason, action, **kwargs):
    """S4: an account marked as serving other ISVs, or a manager's approval of it, with the reason."""
    audit_record(actor=actor, subject=instance, action=action, reason=reason, codes=["S4"])
