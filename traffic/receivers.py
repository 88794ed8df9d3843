"""The at-send check's caches follow the changes of the apps below (connected in ``TrafficConfig.ready``).

Sender ids and geo permissions announce changes after commit; suspensions inside the transaction, so for them
the cache is dropped once the transaction commits (a process re-reading earlier would see the old row)."""

from django.db import transaction
from django.dispatch import receiver

from accounts.signals import account_reinstated, account_suspended, sub_account_reinstated, sub_account_suspended
from geo.signals import permissions_changed
from senders.signals import senders_changed

from .lookups import account_changed


@receiver(senders_changed, dispatch_uid="traffic_senders_changed")
def on_senders_changed(sender, account_id, **kwargs):
    account_changed(account_id)


@receiver(permissions_changed, dispatch_uid="traffic_permissions_changed")
def on_permissions_changed(sender, account_id, **kwargs):
    account_changed(account_id)


@receiver(
    [sub_account_suspended, sub_account_reinstated, account_suspended, account_reinstated],
    dispatch_uid="traffic_suspension_changed",
)
def on_suspension_changed(sender, instance, **kwargs):
    account_id = instance.audit_account_id
    transaction.on_commit(lambda: account_changed(account_id))
