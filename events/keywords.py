"""M2.2: the keywords of an inbound reply, matched on the whole trimmed message, case-insensitively.

"STOP" opts out; "stop please" or "STOP." is an ordinary reply (carriers match the whole message too)."""

from __future__ import annotations

OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP"})


def classify(text: str | None) -> str | None:
    """``"opt_out"``, ``"opt_in"``, ``"help"`` or None for anything else (including an empty message)."""
    word = (text or "").strip().upper()
    if word in OPT_OUT_WORDS:
        return "opt_out"
    if word in OPT_IN_WORDS:
        return "opt_in"
    if word in HELP_WORDS:
        return "help"
    return None
