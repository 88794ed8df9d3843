"""Whole-word keyword matching (M5.4), with the campaign pre-screen's word tokens.

A message is cut into word tokens exactly as the pre-screen cuts campaign text (``campaigns.prescreen.words``:
NFKC, no zero-width characters, casefolded, a hyphen a token of its own), so a keyword the pre-screen warns about
is the keyword the at-send check refuses. A keyword or phrase matches as a whole token sequence: "loan" matches
"LOAN!" and "a loan today", never "loans" or "sloane"; "free money" matches "Free  money", not "free, money".
The hyphenated spelling also matches closed up ("e-cig" matches "ecig"), as the pre-screen's lists do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from campaigns.prescreen.words import _BOUNDARY, _clean, _tokenize, _variants

#: Message text longer than this is not scanned further (an SMS/MMS body is far shorter).
MAX_TEXT_CHARS = 20_000


def keyword_key(word: str) -> str:
    """The token form of a keyword as typed ("  Free MONEY! " → "free money"); empty when it has no word."""
    tokens = [t for t in _tokenize(_clean(word or "").casefold()) if t not in _BOUNDARY]
    return " ".join(tokens).replace(" - ", "-").replace("- ", "-")


def text_tokens(text: str) -> list[str]:
    return _tokenize(_clean((text or "")[:MAX_TEXT_CHARS]).casefold())


@dataclass(frozen=True)
class Matcher:
    """Keywords as token sequences filed under their first token: a text is scanned once, whatever their number."""

    #: first token → ((token sequence, keyword key), …)
    heads: dict[str, tuple[tuple[tuple[str, ...], str], ...]]

    @classmethod
    def build(cls, keys: Iterable[str]) -> Matcher:
        heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key in keys:
            for variant in _variants(key, plurals=False):
                heads.setdefault(variant[0], []).append((variant, key))
        return cls({head: tuple(entries) for head, entries in heads.items()})

    def find(self, text: str) -> list[str]:
        """The keys found in ``text``, in order of first appearance, each once."""
        if not self.heads or not text:
            return []
        tokens = text_tokens(text)
        if self.heads.keys().isdisjoint(tokens):
            return []
        found: list[str] = []
        count = len(tokens)
        for i, token in enumerate(tokens):
            for sequence, key in self.heads.get(token, ()):
                end = i + len(sequence)
                if end <= count and (len(sequence) == 1 or tuple(tokens[i:end]) == sequence) and key not in found:
                    found.append(key)
        return found
