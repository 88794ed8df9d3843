"""Cross-app hooks of the senders app's rules (S4): accounts says an account's reseller status changed; the brands
of that account gain or lose the 710 finding in the same transaction (brands sits below this app and above
accounts, so it is told from here, by calling its service)."""

from django.dispatch import receiver

from accounts.signals import reseller_changed
from brands.services import brands_refresh_reseller_finding


@receiver(reseller_changed, dispatch_uid="senders_s4_reseller_finding")
def refresh_reseller_finding(sender, instance, actor, **kwargs):
    brands_refresh_reseller_finding(actor=actor, account=instance)
