"""The campaign pre-screen's warning about blocked keywords announced but not yet in force (M5.4).

Registered into ``campaigns.prescreen.engine`` from ``OptoutsConfig.ready``: the campaign's message texts are read
with the same word tokens as the at-send check, so a warned word is exactly the word that will be refused.
The finding is a warning (never ``prohibited``): the campaign may be registered, but its messages will be refused
from the date given unless the word goes or an exemption is approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from . import rules

#: The campaign texts sent to handsets (the API's spelling).
MESSAGE_FIELDS = ("optin_message", "help_message", "optout_message")
CHECK = "upcoming_keyword"
CODE = "keyword"
REMEDIATION = (
    "Remove the word from the messages before that date, or ask compliance for an exemption for the sub-account "
    "or campaign."
)


def _texts(campaign: Mapping[str, Any]) -> list[tuple[str, str]]:
    samples = campaign.get("sample_messages")
    if isinstance(samples, str):
        samples = [samples]
    elif not isinstance(samples, list | tuple):
        samples = []
    texts = [(f"sample_messages.{i}", s) for i, s in enumerate(samples[:20]) if isinstance(s, str)]
    texts += [(name, campaign[name]) for name in MESSAGE_FIELDS if isinstance(campaign.get(name), str)]
    return texts


def upcoming_keywords_check(campaign: Mapping[str, Any]) -> list[dict]:
    current = rules.current()
    if not current.keywords:
        return []
    now = timezone.now()
    findings = []
    for field, text in _texts(campaign):
        for key in current.matcher.find(text):
            keyword = current.keywords[key]
            if keyword.effective_at <= now or (
                keyword.retired_at is not None and keyword.retired_at <= keyword.effective_at
            ):
                continue
            findings.append(
                {
                    "check": CHECK,
                    "code": CODE,
                    "field": field,
                    "message": f"“{keyword.word}” will be a blocked word from {keyword.effective_at:%Y-%m-%d}: "
                    "messages containing it will be refused from then on.",
                    "remediation": REMEDIATION,
                    "prohibited": False,
                }
            )
    return findings
