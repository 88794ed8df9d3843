"""Cross-app hooks: campaigns listen to vetting (V7) and to accounts (C8, M4.2) without those apps knowing about
campaigns."""

from django.dispatch import receiver

from accounts.signals import account_reinstated, account_suspended, sub_account_reinstated, sub_account_suspended
from vetting.models import Vet
from vetting.signals import vet_completed

from .services import campaigns_flag_for_vet, campaigns_reinstate_with, campaigns_suspend_with


@receiver(vet_completed, sender=Vet, dispatch_uid="campaigns_v7_vet_completed")
def flag_campaigns_registered_before_vet(sender, vet, actor=None, **kwargs):
    campaigns_flag_for_vet(actor=actor, vet=vet)


@receiver([sub_account_suspended, account_suspended], dispatch_uid="campaigns_c8_suspended")
def suspend_campaigns_with_holder(sender, instance, actor, reason, **kwargs):
    """C8 / M4.2: the approved campaigns under the suspended sub-account or account, handed back to the caller."""
    return campaigns_suspend_with(actor=actor, holder=instance, reason=reason)


@receiver([sub_account_reinstated, account_reinstated], dispatch_uid="campaigns_c8_reinstated")
def reinstate_campaigns_with_holder(sender, instance, actor, reason, **kwargs):
    return campaigns_reinstate_with(actor=actor, holder=instance, reason=reason)
