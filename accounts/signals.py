"""What accounts tells the apps above it (DESIGN §8): a sub-account or an account was suspended or reinstated.

Accounts knows nothing of campaigns or sender ids; each app that owns something under a sub-account or an
account listens and suspends (or reinstates) its own rows. Sent by ``accounts.services`` inside its transaction
with ``send`` (never ``send_robust``): a listener that fails undoes the whole step, so a sub-account is never
suspended with half its campaigns.

Keyword arguments: ``instance`` (the SubAccount or Account), ``actor`` and ``reason``. A listener returns the
objects it suspended (or reinstated) with it, or nothing; the service hands them back to its caller.
"""

from django.dispatch import Signal

#: C8: suspending a sub-account suspends every approved campaign under it.
sub_account_suspended = Signal()
#: C8: reinstating it reinstates exactly what its suspension suspended.
sub_account_reinstated = Signal()
#: M4.2, the account step of the ladder: everything under every sub-account of the account.
account_suspended = Signal()
#: M4.2: reinstating undoes exactly what that step suspended.
account_reinstated = Signal()

#: S4: an account was marked as a reseller or its reseller status was approved. Kwargs ``instance`` (the Account),
#: ``actor``, ``reason`` and ``action`` ("reseller_marked" | "reseller_approved"). Sent inside the transaction: the
#: audit trail records it and the brands' 710 finding follows.
reseller_changed = Signal()
