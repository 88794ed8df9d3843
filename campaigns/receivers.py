"""Cross-app hooks: campaigns listen to vetting (V7) without vetting knowing about campaigns."""

from django.dispatch import receiver

from vetting.models import Vet
from vetting.signals import vet_completed

from .services import campaigns_flag_for_vet


@receiver(vet_completed, sender=Vet, dispatch_uid="campaigns_v7_vet_completed")
def flag_campaigns_registered_before_vet(sender, vet, actor=None, **kwargs):
    campaigns_flag_for_vet(actor=actor, vet=vet)
