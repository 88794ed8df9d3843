"""C4: reading a campaign — each text normalised once (tokens, word-list hits, URLs …), the brand's name keys,
and the run that collects findings. Nothing here judges; the check families do.

It never raises on odd input: missing keys, ``None``, wrong types, huge strings and unusual unicode are read
as "nothing there".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import accumulate
from typing import Any, TypedDict

from ..choices import ATTRIBUTE_FIELDS, CONTENT_FIELDS
from .patterns import (
    _CARE_WORDING,
    _EMAIL,
    _PHONE,
    _PHONE_CANDIDATE,
    _host,
    _is_public_host,
    _may_hold_url,
    _urls,
)
from .words import _BOUNDARY, _clean, _Lexicon, _scan, _tokenize, _word_set

#: Longer text than this is not scanned (the registry caps descriptions at 4,096 and samples at 1,024).
MAX_FIELD_CHARS = 20_000
#: Validation allows 1–5 samples; pre-screen looks at no more than this many.
MAX_SAMPLES = 20
#: Email addresses looked at per text (a text is not a mailing list).
_MAX_EMAILS = 50


class Finding(TypedDict):
    check: str  # stable id of the check, e.g. "url_shortener"
    code: str  # catalogue code, e.g. "6013"
    field: str  # API field name; a sample is "sample_messages.2" (0-based)
    message: str  # specific: quotes the offending word/URL and where it is
    remediation: str  # the catalogue's remediation for ``code`` (or the check's fallback text)
    prohibited: bool  # content in a category the ISV onboarding guidelines prohibit: submission is refused


@dataclass(frozen=True)
class BrandFacts:
    """What pre-screen needs from the brand; all optional."""

    legal_name: str = ""
    display_name: str = ""
    entity_type: str = ""
    tax_exempt_status: str = ""
    website: str = ""
    vertical: str = ""


#: A check's codes, what it looks for and its fallback remediation (see ``engine``).
Spec = tuple[tuple[str, ...], str, str]

#: Words allowed between a reply verb and its keyword: "reply with the word STOP".
_KEYWORD_FILLERS = frozenset(("with", "the", "word", "keyword"))


def _text(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        return ""
    return _clean(text[:MAX_FIELD_CHARS])


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "y", "on")
    return False


class _Field:
    """One text of the campaign, normalised once; tokens, word-list hits, URLs … computed on demand."""

    __slots__ = (
        "_filtered_index",
        "_name_index",
        "_phones",
        "_urls",
        "hits",
        "low",
        "name",
        "text",
        "tokens",
        "tokenset",
    )

    def __init__(self, name: str, text: str, lexicon: _Lexicon | None):
        """``lexicon``: the word lists to scan the text for (``None``: a text only compared, never scanned)."""
        self.name = name
        self.text = text
        self.low = low = text.casefold()
        # the texts are all scanned for the word lists, so tokens and hits are computed at once
        self.tokens: list[str] = _tokenize(low) if low and lexicon is not None else []
        self.tokenset: frozenset[str] = frozenset(self.tokens)
        self.hits: dict[str, list[str]] = _scan(self.tokens, self.tokenset, lexicon) if self.tokens else {}
        self._name_index: tuple[str, frozenset[int] | None] | None = None
        self._filtered_index: tuple[str, frozenset[int]] | None = None
        self._urls: list[tuple[str, str]] | None = None
        self._phones: list[str] | None = None

    @property
    def urls(self) -> list[tuple[str, str]]:
        if self._urls is None:
            self._urls = _urls(self.text)
        return self._urls

    @property
    def emails(self) -> list[str]:
        """The domains of the email addresses in the text (the pattern runs only around each "@")."""
        text, domains, tried = self.text, [], 0
        at = text.find("@")
        while at > -1 and tried < _MAX_EMAILS:
            if at and at + 1 < len(text) and text[at - 1] not in "@ " and text[at + 1].isalnum():
                tried += 1
                match = _EMAIL.search(text, max(0, at - 65), at + 256)
                if match and match.start(1) == at + 1:
                    domains.append(match.group(1).lower())
            at = text.find("@", at + 1)
        return domains

    @property
    def phones(self) -> list[str]:
        """The phone numbers in the text: the exact pattern runs only where a run of digits and separators is."""
        if self._phones is None:
            text, found = self.text, []
            # a phone number has a 3-digit group or is 10–11 digits long: most texts have neither
            if any(t.isdigit() and len(t) in (3, 10, 11) for t in self.tokens):
                for candidate in _PHONE_CANDIDATE.finditer(text):
                    for match in _PHONE.finditer(text, max(0, candidate.start() - 16), candidate.end() + 1):
                        if match.end() > candidate.start() and match.group() not in found:
                            found.append(match.group())
            self._phones = found
        return self._phones

    def name_runs(self, key: str) -> int:
        """How many times a brand key spans whole consecutive tokens ("acme dental" ~ "acmedental"); hyphens,
        articles and legal suffixes are skipped when the tokens as written do not spell it ("Coca-Cola",
        "Johnson and Johnson" ~ "Johnson & Johnson")."""
        if self._name_index is None:
            self._name_index = ("".join(self.tokens), None)
        joined, offsets = self._name_index
        if key in joined:
            if offsets is None:
                offsets = frozenset(accumulate(map(len, self.tokens), initial=0))
                self._name_index = (joined, offsets)
            found = _runs(joined, offsets, key)
            if found:
                return found
        ignored = _word_set("brand_name_ignored_words")
        if "-" in self.tokenset or not ignored.isdisjoint(self.tokenset):
            if self._filtered_index is None:
                tokens = [t for t in self.tokens if t != "-" and t not in ignored]
                self._filtered_index = ("".join(tokens), frozenset(accumulate(map(len, tokens), initial=0)))
            return _runs(*self._filtered_index, key)
        return 0

    def link_runs(self, key: str) -> int:
        """How many times a brand key appears inside a URL- or email-like chunk ("acme.com/x", "a@acme.com")."""
        low, found = self.low, 0
        at = low.find(key)
        while at != -1:
            after = at + len(key)
            if (at and low[at - 1].isalnum()) or (after < len(low) and low[after].isalnum()):
                at = low.find(key, at + 1)  # inside a longer word ("acmeshop.com" does not hold "acme")
                continue
            start = max(low.rfind(" ", 0, at), low.rfind("\n", 0, at)) + 1
            ends = [i for i in (low.find(" ", at), low.find("\n", at)) if i != -1]
            chunk = low[start : min(ends) if ends else len(low)]
            if "@" in chunk or _may_hold_url(chunk):
                found += 1
            at = low.find(key, at + len(key))
        return found

    @property
    def label(self) -> str:
        base, _, index = self.name.partition(".")
        if base == "sample_messages":
            return f"sample message {int(index) + 1}"
        return _FIELD_LABELS.get(base, base.replace("_", " "))


def _keyword_given(field: _Field, keywords: frozenset[str]) -> bool:
    """A CTIA keyword as an instruction: after a reply verb in any case ("text stop"), or in capitals ("STOP")."""
    if keywords.isdisjoint(field.tokenset):
        return False
    text = field.text
    for keyword in keywords:
        upper = keyword.upper()
        i = text.find(upper)
        while i != -1:
            end = i + len(upper)
            if (i == 0 or not text[i - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                return True
            i = text.find(upper, end)
    tokens = field.tokens
    verbs = _word_set("reply_verbs")
    for keyword in keywords & field.tokenset:
        i = tokens.index(keyword)
        while True:
            j = i - 1
            while j >= 0 and tokens[j] in _KEYWORD_FILLERS:
                j -= 1
            if j >= 0 and tokens[j] in verbs:
                return True
            try:
                i = tokens.index(keyword, i + 1)
            except ValueError:
                break
    return False


def _has_help(field: _Field) -> bool:
    """HELP instructions or customer-care contact: "Reply HELP", "customer care", an email or phone number."""
    return bool(
        _keyword_given(field, _word_set("help_keywords")) or _CARE_WORDING.found(field) or field.emails or field.phones
    )


def _has_stop(field: _Field) -> bool:
    """Opt-out instructions: "Reply STOP", "END" …, or the words "opt out" / "unsubscribe"."""
    if _keyword_given(field, _word_set("optout_keywords")):
        return True
    tokens = field.tokens
    for i, token in enumerate(tokens):
        if token.startswith("unsubscrib"):
            return True
        if token == "optout":
            return True
        if token in ("opt", "opting"):
            k = i + 2 if tokens[i + 1 : i + 2] == ["-"] else i + 1
            if tokens[k : k + 1] == ["out"]:
                return True
    return False


_FIELD_LABELS = {
    "description": "the description",
    "message_flow": "the CTA / message flow",
    "optin_message": "the opt-in message",
    "help_message": "the HELP message",
    "optout_message": "the opt-out message",
    "website": "the website address",
}
_MESSAGE_FIELDS = ("optin_message", "help_message", "optout_message")
_UNSCANNED = frozenset(("privacy_policy_url", "terms_url"))  # only compared with the CTA


@lru_cache(maxsize=1024)
def _is_domain_name(name: str) -> bool:
    name = name.strip().casefold()
    return " " not in name and _may_hold_url(name) and _is_public_host(_host(name))


@lru_cache(maxsize=1024)
def _name_key(name: str) -> str:
    """``"The Acme Dental Group, L.L.C."`` → ``"acmedentalgroup"`` (empty when nothing distinctive is left);
    a brand named after its domain keeps the dots: ``"Booking.com"`` → ``"booking.com"``."""
    if _is_domain_name(name):
        return "".join(_tokenize(_clean(name).strip().casefold()))
    tokens = [t for t in _tokenize(_clean(name).casefold()) if t != "-" and t not in _BOUNDARY]
    ignored = _word_set("brand_name_ignored_words")
    kept = [t for t in tokens if t not in ignored] or tokens
    return "".join(kept)


def _runs(joined: str, offsets: frozenset[int], key: str) -> int:
    """How many times ``key`` spans whole tokens of ``joined`` (tokens run together, boundaries at ``offsets``)."""
    found, start = 0, joined.find(key)
    while start != -1:
        if start in offsets and start + len(key) in offsets:
            found += 1
        start = joined.find(key, start + 1)
    return found


def _names_in(field: _Field, keys: tuple[str, ...], domain_keys: frozenset[str] = frozenset()) -> bool:
    """Does the field name the brand (one of ``keys``) outside its URLs and email addresses?

    A domain ("acme.com/help", "help@acme.com") does not name the brand, unless the brand's name is a domain.
    """
    for key in keys:
        named = field.name_runs(key)
        if named and (key in domain_keys or named > field.link_runs(key)):
            return True
    return False


_BRAND_FIELDS = tuple(f.name for f in fields(BrandFacts))


def _brand_facts(brand: Any) -> BrandFacts | None:
    """The brand as clean ``BrandFacts`` (a mapping or any object with those attributes is read too)."""
    if brand is None:
        return None
    if type(brand) is BrandFacts:
        values = [getattr(brand, name) for name in _BRAND_FIELDS]
        if all(type(v) is str and v.isascii() and len(v) <= MAX_FIELD_CHARS for v in values):
            return brand  # already clean
    if isinstance(brand, Mapping):
        get = brand.get
    else:

        def get(name: str, default: Any = "") -> Any:
            return getattr(brand, name, default)

    try:
        return BrandFacts(**{name: _text(get(name, "")) for name in _BRAND_FIELDS})
    except Exception:  # an object whose attribute access itself fails: no brand facts
        return None


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _quotes(phrases: list[str], limit: int = 4) -> str:
    shown = ", ".join(_quote(p) for p in phrases[:limit])
    return shown + (f" and {len(phrases) - limit} more" if len(phrases) > limit else "")


class _Run:
    """One pre-screen: the parsed campaign plus the findings collected so far."""

    def __init__(
        self,
        campaign: Mapping[str, Any],
        brand: BrandFacts | None,
        remediations: Mapping[str, str],
        *,
        specs: Mapping[str, Spec],
        lexicon: _Lexicon,
    ):
        self.specs = specs
        self.remediations = remediations
        self.brand = brand
        self.findings: list[Finding] = []
        use_case = campaign.get("use_case")
        self.use_case = use_case.strip().upper() if isinstance(use_case, str) else ""
        self.fields: dict[str, _Field] = {
            name: _Field(name, _text(campaign.get(name)), None if name in _UNSCANNED else lexicon)
            for name in CONTENT_FIELDS
            if name not in ("sample_messages", "optin_keywords", "help_keywords", "optout_keywords")
        }
        samples = campaign.get("sample_messages")
        if isinstance(samples, str):
            samples = [samples]
        elif not isinstance(samples, list | tuple):
            samples = []
        self.samples = [_Field(f"sample_messages.{i}", _text(s), lexicon) for i, s in enumerate(samples[:MAX_SAMPLES])]
        fields = self.fields
        self._messages = [*self.samples, *(fields[name] for name in _MESSAGE_FIELDS)]
        self._texts = [fields["description"], fields["message_flow"], *self._messages, fields["website"]]
        self.message_names = frozenset(field.name for field in self._messages)
        self.attributes = {name: _flag(campaign.get(name)) for name in ATTRIBUTE_FIELDS}
        keys: list[str] = []
        domain_keys: set[str] = set()
        if brand is not None:
            for name in (brand.display_name, brand.legal_name):
                key = _name_key(name)
                if key and key not in keys:
                    keys.append(key)
                if key and _is_domain_name(name):
                    domain_keys.add(key)  # "Booking.com": the domain is the name
        self.brand_keys = tuple(keys)
        self.domain_keys = frozenset(domain_keys)

    # -- helpers --------------------------------------------------------------------------------------
    def add(self, check: str, code: str, field: str, message: str, *, prohibited: bool = False) -> None:
        fallback = self.specs[check][2]
        remediation = self.remediations.get(code) or fallback
        self.findings.append(
            Finding(
                check=check,
                code=code,
                field=field,
                message=message,
                remediation=remediation if isinstance(remediation, str) else fallback,
                prohibited=prohibited,
            )
        )

    def field(self, name: str) -> _Field:
        return self.fields[name]

    def texts(self) -> list[_Field]:
        """Every text that reaches a reviewer, samples in order after the description and CTA."""
        return self._texts

    def messages(self) -> list[_Field]:
        """The texts sent to handsets: samples and the opt-in/HELP/opt-out messages."""
        return self._messages

    def hits(self, list_name: str, texts: list[_Field] | None = None) -> list[tuple[_Field, list[str]]]:
        found = []
        for field in self.texts() if texts is None else texts:
            phrases = field.hits.get(list_name)
            if phrases:
                found.append((field, phrases))
        return found


def _where(hits: list[tuple[_Field, list[str]]], limit: int = 3) -> str:
    parts = [f"{_quotes(phrases, 2)} in {field.label}" for field, phrases in hits[:limit]]
    return "; ".join(parts) + ("; …" if len(hits) > limit else "")


def _brand_names(run: _Run) -> str:
    brand = run.brand
    if brand is None:
        return ""
    names = dict.fromkeys(n.strip() for n in (brand.display_name, brand.legal_name) if n.strip())
    return " / ".join(_quote(n) for n in names)
