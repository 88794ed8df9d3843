"""C4's word matching: text normalisation, the word lists of ``campaigns/data/`` and the n-gram scan.

Keyword matching works on words, not substrings: the text is cut into word tokens (a hyphen is a token of
its own, so "delta-8" differs from "Delta 8:05am"), and the lists' phrases are looked up as token n-grams.
A term does not count when a negation comes earlier in the same clause, when it is glued to "-free", or when
it sits inside one of the list's "!" exceptions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),  # zero-width, soft hyphen
        **dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u2032\u00b4`"), "'"),
        **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u2033"), '"'),
        **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2212"), "-"),
        ord("\u2014"): " - ",
    }
)
_TOKEN = re.compile(r"\w+|-(?=\w)|[.!?;:\n]")
_TOKEN_ASCII = re.compile(r"[a-z0-9_]+|-(?=[a-z0-9_])|[.!?;:\n]")  # the same on casefolded ASCII, faster
_BOUNDARY = frozenset(".!?;:\n")


def _tokenize(low: str) -> list[str]:
    """Word tokens, hyphens before a word, and clause boundaries of a casefolded text."""
    return (_TOKEN_ASCII if low.isascii() else _TOKEN).findall(low)


def _clean(text: str) -> str:
    """NFKC (full-width letters, ligatures), no zero-width characters, plain quotes and hyphens; case kept."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return text


def _read_list(name: str) -> list[str]:
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def _word_set(name: str) -> frozenset[str]:
    return frozenset(_clean(line).casefold() for line in _read_list(name))


def _plural(word: str) -> str | None:
    if not word.isalpha() or len(word) < 3:
        return None
    if word.endswith(("ss", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("s"):
        return None
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _variants(phrase: str, *, plurals: bool) -> set[tuple[str, ...]]:
    """The token sequences a list phrase matches: as written, hyphens closed up, and with a plural last word."""
    tokens = tuple(t for t in _tokenize(_clean(phrase).casefold()) if t not in _BOUNDARY)
    if not tokens:
        return set()
    found = {tokens}
    if "-" in tokens:
        joined: list[str] = []
        glue = False
        for token in tokens:
            if token == "-":
                glue = True
            elif glue and joined:
                joined[-1] += token
                glue = False
            else:
                joined.append(token)
        found.add(tuple(joined))
    if plurals:
        for variant in list(found):
            plural = _plural(variant[-1])
            if plural:
                found.add((*variant[:-1], plural))
    return found


@dataclass(frozen=True)
class _Lexicon:
    """All the word lists as one n-gram table, so each text is scanned once for every list.

    Each n-gram is filed under its rarest-looking word ("congress" in "for congress", "loan" in "apply for a
    loan"), so a text that has none of those words is done with at once.
    """

    anchors: dict[str, tuple[tuple[tuple[str, ...], int, tuple[tuple[str, bool], ...]], ...]]
    # anchor word → ((n-gram, position of the anchor in it, ((list name, is exception), …)), …)
    words: frozenset[str]  # the anchor words
    negations: frozenset[str]
    clause_ends: frozenset[str]  # clause boundaries and clause breaks ("but", "however" …)


#: How many words back a negation reaches ("does not include any cannabis, CBD, gambling … content").
_NEGATION_REACH = 30


def _anchor(ngram: tuple[str, ...]) -> int:
    """The position of the word an n-gram is filed under: its longest word that is not an everyday word
    (common_words.txt) or a number, the later one on a tie."""
    common = _word_set("common_words")
    return max(
        range(len(ngram)),
        key=lambda i: (ngram[i] != "-", ngram[i] not in common, not ngram[i].isdigit(), len(ngram[i]), i),
    )


@cache
def _lexicon(names: tuple[str, ...]) -> _Lexicon:
    """The n-gram table of the named lists (built once per set of lists)."""
    table: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
    for name in names:
        for line in _read_list(name):
            exception = line.startswith("!")
            for variant in _variants(line.removeprefix("!"), plurals=True):
                entry = (name, exception)
                if entry not in table.setdefault(variant, []):
                    table[variant].append(entry)
    anchors: dict[str, list[tuple[tuple[str, ...], int, tuple[tuple[str, bool], ...]]]] = {}
    for ngram, entries in table.items():
        at = _anchor(ngram)
        anchors.setdefault(ngram[at], []).append((ngram, at, tuple(entries)))
    return _Lexicon(
        anchors={word: tuple(found) for word, found in anchors.items()},
        words=frozenset(anchors),
        negations=_word_set("negation_terms"),
        clause_ends=_word_set("clause_breaks") | _BOUNDARY,
    )


def _index(tokens: list[str], word: str, start: int) -> int:
    try:
        return tokens.index(word, start)
    except ValueError:
        return -1


def _scan(
    tokens: list[str], tokenset: frozenset[str], lexicon: _Lexicon, *, first: bool = False
) -> dict[str, list[str]]:
    """List name → the phrases of that list found in the tokens (not negated, not inside an exception).

    ``first``: stop at the first phrase found (enough to know a disclosure is there)."""
    if lexicon.words.isdisjoint(tokenset):
        return {}
    present = sorted(lexicon.words & tokenset)
    anchors = lexicon.anchors
    raw: list[tuple[int, int, str, bool]] = []
    count = len(tokens)
    for word in present:  # list.index finds the few places the anchor words are at
        i = tokens.index(word)
        while i >= 0:
            for ngram, at, entries in anchors[word]:
                start, end = i - at, i - at + len(ngram)
                if start >= 0 and end <= count and (at == 0 == end - start - 1 or tuple(tokens[start:end]) == ngram):
                    raw.extend((start, end, name, exception) for name, exception in entries)
            i = _index(tokens, word, i + 1)
    raw.sort()
    if not raw:
        return {}
    exceptions: dict[str, list[tuple[int, int]]] = {}
    for start, end, name, exception in raw:
        if exception:
            exceptions.setdefault(name, []).append((start, end))
    negations, clause_ends = lexicon.negations, lexicon.clause_ends
    found: dict[str, list[str]] = {}
    for start, end, name, exception in raw:
        if exception:
            continue
        if exceptions and any(s < end and start < e for s, e in exceptions.get(name, ())):
            continue
        if end + 1 < count and tokens[end] == "-" and tokens[end + 1] == "free":
            continue  # "alcohol-free"
        negated = False
        for i in range(start - 1, max(-1, start - _NEGATION_REACH - 1), -1):  # a negation earlier in the clause
            token = tokens[i]
            if token in clause_ends:
                break
            if token in negations:
                negated = True
                break
        if negated:
            continue
        phrase = tokens[start] if end == start + 1 else " ".join(tokens[start:end]).replace(" - ", "-")
        phrases = found.setdefault(name, [])
        if phrase not in phrases:
            phrases.append(phrase)
        if first:
            break
    return found
