"""Sender id helpers that drive the real services."""

from senders import services


#: Valid NANP long codes (202 area code, 2xx exchange), distinct per index.
def long_code(index: int) -> str:
    return f"+1202{200 + index // 10000:03d}{index % 10000:04d}"


def assign(*, actor, campaign, number):
    return services.sender_assign(actor=actor, campaign=campaign, number=number)
