"""Signals by which the apps above events take part (they connect in their ``receivers.py``).

Both are sent with ``send`` inside the transaction that records what they announce, so a failing receiver
undoes the recording and the provider's redelivery (or the next roll-up) sends it again: receivers see each
inbound message, and each change of a day's figures, exactly once among committed transactions.
"""

from django.dispatch import Signal

#: Once per new inbound message (a redelivery sends nothing). ``sender`` — the signal's own sender argument — is
#: our sender id's number (E.164 or short code); kwargs: ``account_id``, ``sub_account_id``, ``number`` (the
#: person's E.164), ``text``, ``kind`` (``"opt_out"`` | ``"opt_in"`` | ``"help"`` | None, from
#: ``events.keywords.classify``), ``at`` (aware UTC datetime), ``message_id``. A receiver:
#: ``def on_inbound(sender, *, account_id, sub_account_id, number, text, kind, at, message_id, **kwargs)``.
inbound_message = Signal()

#: After a roll-up changed the figures of one sub-account's UTC day. kwargs: ``sub_account_id``, ``day``.
figures_updated = Signal()
