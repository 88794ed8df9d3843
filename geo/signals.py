"""What geo tells the apps above it.

``permissions_changed`` (kwargs ``account_id``): an account's geo permissions (its defaults or any of its
sub-accounts' overrides) changed. Sent after the transaction commits, so a listener that re-reads (the at-send
check's cache in ``traffic``) sees the new rows. Catalogue edits (risk level, hard-disabled) do not send it: they
change no account's ``enabled`` values.
"""

from django.dispatch import Signal

permissions_changed = Signal()
