"""optouts listens to events (M2.2 → M5.1): an inbound STOP adds an opt-out, START/UNSTOP closes it."""

from django.dispatch import receiver

from events.signals import inbound_message

from .services import optouts_inbound


@receiver(inbound_message, dispatch_uid="optouts_m5_1_inbound")
def record_inbound_keyword(sender, account_id, sub_account_id, number, kind, at=None, message_id="", **kwargs):
    # Django's own ``sender`` argument is where a signal carries our sender id's number when it is sent as
    # ``send(sender=number, …)``; a sender number under its own name wins.
    our_number = kwargs.get("sender_number") or (sender if isinstance(sender, str) else "")
    optouts_inbound(
        account_id=account_id,
        sub_account_id=sub_account_id,
        sender=our_number,
        number=number,
        kind=kind,
        at=at,
        message_id=message_id or "",
    )
