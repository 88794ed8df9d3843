"""Signals other apps subscribe to (they sit higher in the dependency graph)."""

from django.dispatch import Signal

#: Sent inside the transaction when a vet reaches ACTIVE or FAIL. kwargs: ``vet``, ``actor``.
#: Campaigns listen (V7: earlier campaigns of the brand need resubmission).
vet_completed = Signal()
