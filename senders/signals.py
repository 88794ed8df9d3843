"""What senders tells the apps above it.

``senders_changed`` (kwargs ``account_id``) is sent after the transaction that assigned, released, suspended
or reinstated a sender id of that account commits — e.g. for the at-send check's caches to drop that account.
"""

from django.dispatch import Signal

senders_changed = Signal()
