"""C4: the campaign pre-screen — the campaign's content turned into findings, as pure functions.

``prescreen(campaign, brand, remediations=...)`` reads the campaign fields in the API's spelling (see
``campaigns.choices.CONTENT_FIELDS`` / ``ATTRIBUTE_FIELDS``) and returns one finding per problem found:
``{check, code, field, message, remediation, prohibited}``. ``code`` is the catalogue code the analyst would
reject with; ``remediation`` is that code's catalogue text (passed in, so this module reads no database);
``prohibited`` marks content in a category the ISV onboarding guidelines prohibit outright (C1).

It never raises on odd input: missing keys, ``None``, wrong types, huge strings and unusual unicode are read
as "nothing there". Word and domain lists are data files under ``campaigns/data/``; ``CHECKS`` documents
every check with the codes it can cite.

Keyword matching works on words, not substrings: the text is cut into word tokens (a hyphen is a token of
its own, so "delta-8" differs from "Delta 8:05am"), and the lists' phrases are looked up as token n-grams.
So "Scunthorpe", "classic", "grasshopper" and "appointment slots" never fire. A term does not count when a
negation ("no", "not", "never", "without", …) comes earlier in the same clause ("we do not sell alcohol"),
when it is glued to "-free" ("alcohol-free"), or when it sits inside one of the list's "!" exceptions
("nail gun", "root beer").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, TypedDict

from brands.domains import domain_list as brand_domain_list
from brands.domains import host_in, host_of, registered_domain
from rejections.codes import sort_key_for

from .choices import ATTRIBUTE_FIELDS, CONTENT_FIELDS, UseCase

DATA = Path(__file__).parent / "data"

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


# --------------------------------------------------------------------------------------------------------
# The checks: id → (codes, what it looks for, fallback remediation when the catalogue text is not passed in)
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Category:
    """A prohibited-content word list: ``prohibited_<name>.txt``."""

    name: str
    label: str
    content_code: str  # cited when the words are in a message sent to handsets (samples, opt-in/HELP/opt-out)
    program_code: str  # cited when they are in the description, the CTA or the website address


_CATEGORIES = (
    _Category("cannabis", "cannabis", "701", "701"),
    _Category("cbd", "CBD/hemp products", "7011", "7011"),
    _Category("illegal_drugs", "federally illegal drugs", "7005", "7005"),
    _Category("gambling", "gambling/sweepstakes", "704", "7003"),
    _Category("sexual", "sexual content", "703", "7006"),
    _Category("hate", "hate speech", "7012", "7012"),
    _Category("alcohol", "alcohol (SHAFT)", "7007", "7007"),
    _Category("tobacco", "tobacco/vape (SHAFT)", "7007", "7007"),
    _Category("firearms", "firearms/ammunition/explosives (SHAFT)", "7007", "7007"),
    _Category("illegal_weapons", "weapons not legal in all 50 states", "7009", "7009"),
    _Category("loans", "mortgage & loans", "7004", "7004"),
    _Category("crypto", "cryptocurrency", "7004", "7004"),
    _Category("investments", "stock alerts/high-risk investments", "7004", "7004"),
    _Category("debt", "debt collection/relief or credit repair", "7010", "7010"),
    _Category("lead_generation", "lead generation/affiliate marketing", "708", "7002"),
    _Category("job_postings", "job postings", "7001", "7001"),
    _Category("mlm", "multi-level marketing", "705", "705"),
    _Category("work_from_home", "deceptive work-from-home programs", "705", "705"),
    _Category("real_estate", "real estate sales", "705", "705"),
)
_AGE_RESTRICTED = ("alcohol", "tobacco", "firearms")

_PROHIBITED_FALLBACK = "This content is prohibited by the ISV onboarding guidelines; it cannot be registered."

_SPECS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "url_shortener": (
        ("6013",),
        "A sample message links through a public URL shortener (url_shorteners.txt).",
        "Use full links or a brand-owned shortener in sample messages.",
    ),
    "sample_brand_name": (
        ("6012",),
        "A sample message does not name the brand (display or legal name; case, punctuation, legal suffix ignored).",
        "Include the brand/DBA name in every sample message.",
    ),
    "optin_missing": (("6006",), "No opt-in confirmation message.", "Provide the opt-in confirmation message."),
    "optin_brand_name": (("6001",), "The opt-in message does not name the brand.", "Name the brand in it."),
    "optin_help": (
        ("6002",),
        "The opt-in message has no HELP instructions or customer-care contact.",
        'Add "Reply HELP for help" to the opt-in message.',
    ),
    "optin_stop": (
        ("6003",),
        "The opt-in message has no opt-out instructions (Reply STOP …).",
        'Add "Reply STOP to cancel" to the opt-in message.',
    ),
    "optin_frequency": (
        ("6004",),
        "The opt-in message has no message-frequency disclosure.",
        'Add the message frequency ("Msg frequency varies", "4 msgs/mo") to the opt-in message.',
    ),
    "optin_rates": (
        ("6005",),
        'The opt-in message has no "Msg & data rates may apply" disclosure.',
        'Add "Msg & data rates may apply" to the opt-in message.',
    ),
    "help_contact": (
        ("6008",),
        "The HELP message is missing or gives no support contact (email, phone number or website).",
        "Give a support email, phone number or website in the HELP message.",
    ),
    "help_brand_name": (("6007",), "The HELP message does not name the brand.", "Name the brand in it."),
    "help_email_domain": (
        ("6009",),
        "The HELP message's support email is on a different domain than the brand's website.",
        "Use the brand's own support email address.",
    ),
    "optout_confirmation": (
        ("6011",),
        "The opt-out message is missing or does not say that no further messages will be sent.",
        'State "You will receive no further messages" in the opt-out message.',
    ),
    "optout_brand_name": (("6010",), "The opt-out message does not name the brand.", "Name the brand in it."),
    "cta_missing": (
        ("3011A",),
        "No CTA / message flow is given.",
        "Describe how and where subscribers opt in, with the full CTA wording.",
    ),
    "cta_brand_name": (("3002A",), "The CTA does not name the brand.", "Name the brand in the CTA."),
    "cta_help": (("3003A",), "The CTA has no HELP instructions.", "Add HELP instructions to the CTA."),
    "cta_stop": (("3004A",), "The CTA has no STOP instructions.", "Add STOP instructions to the CTA."),
    "cta_frequency": (
        ("3005A",),
        "The CTA has no message-frequency disclosure.",
        "State the message frequency in the CTA.",
    ),
    "cta_rates": (
        ("3006A",),
        'The CTA has no "Msg & data rates may apply" disclosure.',
        "Add the data-rates disclosure to the CTA.",
    ),
    "cta_terms": (
        ("3007A",),
        "The CTA neither links to nor mentions the terms and conditions.",
        "Link the terms and conditions from the CTA.",
    ),
    "cta_privacy": (
        ("3008A",),
        "The CTA neither links to the privacy policy nor says mobile opt-in data is not shared.",
        "Link the privacy policy from the CTA.",
    ),
    "cta_age_gate": (
        ("3010A",),
        "Alcohol, tobacco or firearms content, but the CTA describes no age gate (21+, date of birth …).",
        "Describe the age gate in the CTA.",
    ),
    "cta_website_url": (
        ("3011A",),
        "The CTA says consent is collected on a website or web form but gives no URL for it.",
        "Give the URL of the web consent page in the CTA.",
    ),
    "cta_forced_optin": (
        ("803",),
        "The CTA describes a pre-checked, mandatory or automatic SMS opt-in.",
        "Use an optional, unchecked SMS consent checkbox.",
    ),
    "cta_marketing_disclosure": (
        ("3014A",),
        "MARKETING campaign whose CTA does not say the messages are promotional.",
        "Say in the CTA that messages will be promotional.",
    ),
    "cta_donation_disclosure": (
        ("3015A",),
        "Sample messages solicit donations but the CTA does not say so.",
        "Say in the CTA that messages will solicit donations.",
    ),
    **{
        f"prohibited_{category.name}": (
            tuple(dict.fromkeys((category.content_code, category.program_code))),
            f"Words of the prohibited category {category.label} (prohibited_{category.name}.txt).",
            _PROHIBITED_FALLBACK,
        )
        for category in _CATEGORIES
    },
    "affiliate_marketing_declared": (
        ("7002",),
        "The affiliate-marketing attribute is selected: lead generation/affiliate marketing is prohibited.",
        _PROHIBITED_FALLBACK,
    ),
    "direct_lending_declared": (
        ("7004",),
        "The direct-lending attribute is selected: mortgage & loan programs are prohibited.",
        _PROHIBITED_FALLBACK,
    ),
    "age_gate_attribute": (
        ("1001",),
        "Alcohol, tobacco or firearms content without the age-gated content attribute.",
        "Select the age-gated content attribute.",
    ),
    "direct_lending_attribute": (
        ("1002", "712"),
        "Lending language without the direct-lending attribute (1002 when in messages, 712 when only in the "
        "description/CTA).",
        "Select the direct lending or loan arrangement attribute.",
    ),
    "embedded_link_attribute": (
        ("501",),
        "A sample message contains a URL but the embedded-link attribute is not selected.",
        "Select the embedded link attribute.",
    ),
    "embedded_phone_attribute": (
        ("601",),
        "A sample message contains a phone number but the embedded-phone attribute is not selected.",
        "Select the embedded phone number attribute.",
    ),
    "political_fec_id": (
        ("9001",),
        "POLITICAL campaign without an FEC committee id (C + 8 digits) in the description or CTA.",
        "Give the politician/organization name, FEC committee id and website in the description.",
    ),
    "charity_501c3": (
        ("9002",),
        "CHARITY campaign whose brand is not 501(c)(3) (or, without a brand, whose text never says 501(c)(3)).",
        "Provide proof of 501(c)(3) tax-exempt status.",
    ),
    "donation_use_case": (
        ("8001",),
        "Donation solicitation under a use case other than CHARITY (or POLITICAL).",
        "Register a CHARITY campaign for donation messages.",
    ),
    "political_use_case": (
        ("8002",),
        "Political content under a use case other than POLITICAL.",
        "Register a POLITICAL campaign for political messages.",
    ),
    "cart_reminder_use_case": (
        ("8003",),
        "Cart reminders under a use case other than MARKETING (MIXED and LOW_VOLUME accepted).",
        "Register cart reminders as a MARKETING campaign.",
    ),
    "twofa_sample_code": (
        ("6014",),
        "2FA campaign whose sample messages contain no one-time code or code placeholder.",
        "Show the one-time code (or a placeholder) in the 2FA sample messages.",
    ),
    "description_too_short": (
        ("2002",),
        "The description is missing or shorter than 40 characters.",
        "Describe the campaign's purpose, audience and messages in the description.",
    ),
    "personal_email": (
        ("713",),
        "An email address on a personal-use domain (gmail.com …) in the campaign content.",
        "Use an email address at the company's own domain.",
    ),
    "missing_website": (("804",), "No website is given on the campaign form.", "Provide the brand's website."),
    "social_website": (
        ("1004",),
        "The campaign website is a social-network, classifieds or link-in-bio page.",
        "Provide the brand's own website.",
    ),
    "missing_privacy_policy": (
        ("805",),
        "No privacy policy URL is given.",
        "Provide the privacy policy URL; it must say SMS opt-in data is not shared.",
    ),
    "number_pool_review": (
        ("810",),
        "A number pool is requested: it needs the carrier's special business review.",
        "Number pool campaigns need a special business review.",
    ),
}

#: (check id, codes it can cite, what it looks for) — for documentation and the review page's legend.
CHECKS: list[tuple[str, tuple[str, ...], str]] = [(check, codes, about) for check, (codes, about, _) in _SPECS.items()]
#: Every catalogue code a finding can carry (look their remediation texts up once per run).
CHECK_CODES: tuple[str, ...] = tuple(sorted({code for _, codes, _ in CHECKS for code in codes}, key=sort_key_for))


# --------------------------------------------------------------------------------------------------------
# Text normalisation and the word lists
# --------------------------------------------------------------------------------------------------------

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
#: The lists every text is scanned for; the marketing-disclosure list is looked for in the CTA only.
_CONTENT_LISTS = (
    *(f"prohibited_{category.name}" for category in _CATEGORIES),
    "lending_terms",
    "donation_terms",
    "political_terms",
    "cart_reminder_terms",
)
_DISCLOSURE_LISTS = ("marketing_disclosure_terms",)


def _anchor(ngram: tuple[str, ...]) -> int:
    """The position of the word an n-gram is filed under: its longest word that is not an everyday word
    (common_words.txt) or a number, the later one on a tie."""
    common = _word_set("common_words")
    return max(
        range(len(ngram)),
        key=lambda i: (ngram[i] != "-", ngram[i] not in common, not ngram[i].isdigit(), len(ngram[i]), i),
    )


@cache
def _lexicon(names: tuple[str, ...] = _CONTENT_LISTS) -> _Lexicon:
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
    tokens: list[str], tokenset: frozenset[str], lexicon: _Lexicon | None = None, *, first: bool = False
) -> dict[str, list[str]]:
    """List name → the phrases of that list found in the tokens (not negated, not inside an exception).

    ``first``: stop at the first phrase found (enough to know a disclosure is there)."""
    lexicon = lexicon or _lexicon()
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


# --------------------------------------------------------------------------------------------------------
# Patterns (the shape of a disclosure, a URL, a phone number …)
#
# Regular expressions are the slow part of a pre-screen, so each disclosure pattern runs on the casefolded
# text only when one of its gate words is among the text's tokens, and not at all when one of its "sure"
# words is (``freq`` settles the frequency disclosure). The gate words are the words every match contains.
# --------------------------------------------------------------------------------------------------------


class _Probe:
    """A lower-case pattern searched in a field's casefolded text, behind a cheap token gate."""

    __slots__ = ("gate", "regex", "sure")

    def __init__(self, pattern: str, gate: str, sure: str = ""):
        self.regex = re.compile(pattern)
        self.gate = frozenset(gate.split())
        self.sure = frozenset(sure.split())

    def search(self, field: _Field) -> re.Match[str] | None:
        if self.gate.isdisjoint(field.tokenset):
            return None
        return self.regex.search(field.low)

    def found(self, field: _Field) -> bool:
        return not self.sure.isdisjoint(field.tokenset) or self.search(field) is not None


_FREQUENCY = _Probe(
    r"\b(?:msgs?|messages?|texts?)\s+(?:will\s+)?vary\b"
    r"|\b(?:up\s+to\s+)?\d+\s*(?:msgs?|messages?|texts?|alerts?|sms)\s*(?:/|per\b|a\b|an\b|each\b|every\b)\s*"
    r"(?:day|daily|wk|week|mo|month|yr|year|request|login|order|transaction|appointment)"
    r"|\b(?:daily|weekly|monthly)\s+(?:msgs?|messages?|texts?|alerts?|updates?|reminders?|deals?|offers?)\b"
    r"|\b(?:one|1)\s+(?:msg|message|text)\s+per\b|\bper\s+(?:request|login|transaction)\b",
    gate="vary msg msgs message messages text texts alert alerts sms daily weekly monthly per",
    sure="freq frequency recurring",
)
_RATES = _Probe(
    r"\bdata\s*rates?\b|\brates?\s+may\s+apply\b|\bmsg\s*&\s*data\b"
    r"|\bstandard\s+(?:msg|message|messaging|text|sms|carrier)s?\s+rates?\b|\bcarrier\s+(?:fees|charges)\b",
    gate="data rate rates fees charges",
)
_NO_FURTHER = _Probe(
    r"\bno\s+(?:further|more|additional)\b|\b(?:will\s+not|won't|wont)\s+(?:receive|get|be\s+sent|send|text)\b"
    r"|\bnot\s+(?:receive|get|be\s+sent)\s+any\s+(?:more|further)\b|\bno\s+longer\s+(?:receive|get|be\s+sent)\b"
    r"|\bstop\s+receiving\b|\bwill\s+not\s+be\s+(?:contacted|messaged|texted)\b",
    gate="no not won wont stop",
)
_PRIVACY = _Probe(
    r"\b(?:not|never)\s+(?:be\s+)?(?:shared|sold|disclosed)\b|\bwill\s+not\s+(?:share|sell)\b"
    r"|\bno\s+mobile\s+(?:information|data)\b",
    gate="shared sold disclosed share sell mobile",
    sure="privacy",
)
_TERMS = _Probe(r"\bt\s*&\s*cs?\b", gate="t", sure="terms conditions tos")
_AGE_GATE = _Probe(
    r"\b(?:21|18)\s*\+|\b(?:over|under|at\s+least|aged?|older\s+than)\s+(?:the\s+age\s+of\s+)?(?:21|18)\b"
    r"|\bage[\s-]+(?:verification|verified|gate|gated|check|confirmation|restricted)\b"
    r"|\bverif(?:y|ies|ied|ication\s+of)\s+(?:your\s+|their\s+|the\s+)?age\b|\bdate\s+of\s+birth\b"
    r"|\bbirth\s*date\b|\blegal\s+(?:drinking|smoking)\s+age\b|\b(?:21|18)\s+(?:years|or\s+older)\b",
    gate="21 18 age verify verifies verified verification birth birthdate legal",
    sure="dob",
)
_WEB_OPTIN = _Probe(
    r"\bweb\s*(?:site|page|form)\b|\bonline\s+form\b|\b(?:sign[\s-]?up|opt[\s-]?in|subscription|contact)\s+"
    r"(?:form|page)\b|\bcheckout\s+page\b|\blanding\s+page\b|\bon\s+our\s+site\b",
    gate="web website webpage webform form page site",
)
_NO_WEB_OPTIN = _Probe(
    r"\b(?:not|never)\s+used\s+to\s+(?:obtain|collect|capture)\b|\bno\s+website\b", gate="used website"
)
_FORCED_OPTIN = _Probe(
    r"(?<!not\s)(?<!never\s)\bpre[\s-]?(?:checked|selected|ticked)\b|\b(?:checked|selected|ticked)\s+by\s+default\b"
    r"|(?<!not\s)\bautomatically\s+(?:opted|enrolled|subscribed|signed\s+up)\b"
    r"|\brequired\s+(?:sms\s+)?check\s*box\b|\bcheck\s*box\s+(?:is\s+)?(?:required|mandatory)\b",
    gate="prechecked preselected preticked checked selected ticked automatically required mandatory",
)
_CARE_WORDING = _Probe(
    r"\bcustomer\s+(?:care|service|support)\b|\bsupport\s+(?:team|line|center|centre)\b", gate="customer support"
)
_FEC_ID = re.compile(r"(?<![a-z0-9])c\d{8}(?!\d)")
_501C3 = re.compile(r"\b501\s*\(?\s*c\s*\)?\s*\(?\s*3\s*\)?")
_OTP = re.compile(
    r"(?<![\d,.$])\d{4,8}(?![\d,])|[{\[<]{1,2}\s*[\w\s.-]{1,24}[}\]>]{1,2}|#{4,}|\b[x*]{4,}\b|\*{4,}"
    r"|\b(?:code|passcode|otp)\s*(?:is|:)\s*\S+"
)
_URL = re.compile(
    r"(?<![@\w.-])(?:https?://|www\.)[^\s<>\"'()\[\]{}]+"
    r"|(?<![@\w./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w@-])(?::\d{2,5})?(?:/[^\s<>\"']*)?",
    re.I,
)
_URL_TRAILING = ".,;:!?)]}'\""
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+)", re.I)
_PHONE_CANDIDATE = re.compile(r"[+(\d][\d\s().+-]{8,20}\d")
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])"
    r"|(?<![\w+])\+1\d{10}(?!\w)"
    r"|\b(?:call|phone|tel|dial)\b\W{0,3}1?\d{10}(?!\d)",
    re.I,
)
#: Words allowed between a reply verb and its keyword: "reply with the word STOP".
_KEYWORD_FILLERS = frozenset(("with", "the", "word", "keyword"))


@lru_cache(maxsize=4096)
def _is_public_host(host: str) -> bool:
    return bool(host) and bool(registered_domain(host))


@lru_cache(maxsize=4096)
def _registered(host: str) -> str:
    return registered_domain(host) if host else ""


@lru_cache(maxsize=4096)
def _host_in_list(host: str, name: str) -> bool:
    domains = _domains(name) if name == "url_shorteners" else brand_domain_list(name)
    return host_in(host, domains)


@cache
def _domains(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in _read_list(name))


_NOT_ALNUM = re.compile(r"[\W_]+")
_HOST_END = re.compile(r"[/?#:\\]")


@lru_cache(maxsize=4096)
def _host(url: str) -> str:
    """The lower-cased host of a URL found in text (a faster ``host_of`` for the common shapes)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = rest.rsplit("@", 1)[-1]
    end = _HOST_END.search(rest)
    host = (rest[: end.start()] if end else rest).strip(".").lower()
    return host if host and "%" not in host and " " not in host else host_of(url)


def _may_hold_url(low: str) -> bool:
    """Cheap pre-check: a scheme, "www." or a dot between a letter/digit and a letter ("acme.com")."""
    if "://" in low or "www." in low:
        return True
    i = low.find(".")
    while 0 <= i < len(low) - 1:
        if i and low[i - 1].isalnum() and low[i + 1].isalpha():
            return True
        i = low.find(".", i + 1)
    return False


def _urls(text: str) -> list[tuple[str, str]]:
    """The URLs of a text as (URL as written, host). Bare domains count only when their suffix is a public one
    ("acme.com/x", not "e.g." or "3.5")."""
    urls: list[tuple[str, str]] = []
    if not _may_hold_url(text.lower()):
        return urls
    for chunk in text.split():
        if "." not in chunk or not _may_hold_url(chunk.lower()):
            continue
        for match in _URL.finditer(chunk):
            url = match.group().rstrip(_URL_TRAILING)
            host = _host(url)
            if host and (url[:4].lower() in ("http", "www.") or _is_public_host(host)):
                urls.append((url, host))
    return urls


# --------------------------------------------------------------------------------------------------------
# Reading the campaign
# --------------------------------------------------------------------------------------------------------


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

    def __init__(self, name: str, text: str, *, scan: bool = True):
        self.name = name
        self.text = text
        self.low = low = text.casefold()
        # the texts are all scanned for the word lists, so tokens and hits are computed at once
        self.tokens: list[str] = _tokenize(low) if low and scan else []
        self.tokenset: frozenset[str] = frozenset(self.tokens)
        self.hits: dict[str, list[str]] = _scan(self.tokens, self.tokenset) if self.tokens else {}
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

    def __init__(self, campaign: Mapping[str, Any], brand: BrandFacts | None, remediations: Mapping[str, str]):
        self.remediations = remediations
        self.brand = brand
        self.findings: list[Finding] = []
        use_case = campaign.get("use_case")
        self.use_case = use_case.strip().upper() if isinstance(use_case, str) else ""
        self.fields: dict[str, _Field] = {
            name: _Field(name, _text(campaign.get(name)), scan=name not in _UNSCANNED)
            for name in CONTENT_FIELDS
            if name not in ("sample_messages", "optin_keywords", "help_keywords", "optout_keywords")
        }
        samples = campaign.get("sample_messages")
        if isinstance(samples, str):
            samples = [samples]
        elif not isinstance(samples, list | tuple):
            samples = []
        self.samples = [_Field(f"sample_messages.{i}", _text(s)) for i, s in enumerate(samples[:MAX_SAMPLES])]
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
        fallback = _SPECS[check][2]
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


# --------------------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------------------


def _check_samples(run: _Run) -> None:
    for sample in run.samples:
        if not sample.text.strip():
            continue  # an empty sample is a validation error, not a finding
        shorteners = [url for url, host in sample.urls if _host_in_list(host, "url_shorteners")]
        if shorteners:
            run.add(
                "url_shortener",
                "6013",
                sample.name,
                f"{sample.label.capitalize()} links through the public URL shortener {_quotes(shorteners)}; "
                "only brand-owned shorteners are allowed.",
            )
        if run.brand_keys and not _names_in(sample, run.brand_keys, run.domain_keys):
            run.add(
                "sample_brand_name",
                "6012",
                sample.name,
                f"{sample.label.capitalize()} does not name the brand ({_brand_names(run)}): "
                f"{_quote(sample.text, 60)}.",
            )


def _brand_names(run: _Run) -> str:
    brand = run.brand
    if brand is None:
        return ""
    names = dict.fromkeys(n.strip() for n in (brand.display_name, brand.legal_name) if n.strip())
    return " / ".join(_quote(n) for n in names)


def _check_optin(run: _Run) -> None:
    field = run.field("optin_message")
    if not field.text.strip():
        run.add(
            "optin_missing",
            "6006",
            field.name,
            "No opt-in confirmation message is given; it must name the brand and include HELP and STOP "
            'instructions, the message frequency and "Msg & data rates may apply".',
        )
        return
    if run.brand_keys and not _names_in(field, run.brand_keys, run.domain_keys):
        run.add(
            "optin_brand_name", "6001", field.name, f"The opt-in message does not name the brand ({_brand_names(run)})."
        )
    if not _has_help(field):
        run.add(
            "optin_help",
            "6002",
            field.name,
            'The opt-in message has no HELP instructions (e.g. "Reply HELP for help").',
        )
    if not _has_stop(field):
        run.add(
            "optin_stop",
            "6003",
            field.name,
            'The opt-in message has no opt-out instructions (e.g. "Reply STOP to cancel").',
        )
    if not _FREQUENCY.found(field):
        run.add(
            "optin_frequency",
            "6004",
            field.name,
            'The opt-in message does not disclose the message frequency (e.g. "Msg frequency varies", "4 msgs/mo").',
        )
    if not _RATES.found(field):
        run.add("optin_rates", "6005", field.name, 'The opt-in message lacks "Msg & data rates may apply".')


def _reference_domains(run: _Run) -> set[str]:
    domains = set()
    for url in (run.brand.website if run.brand else "", run.field("website").text):
        domain = _registered(_host(url)) if url else ""
        if domain:
            domains.add(domain)
    return domains


def _check_help(run: _Run) -> None:
    field = run.field("help_message")
    if not field.text.strip():
        run.add(
            "help_contact",
            "6008",
            field.name,
            "No HELP message is given; it must name the brand and give a support email, phone number or website.",
        )
        return
    if run.brand_keys and not _names_in(field, run.brand_keys, run.domain_keys):
        run.add(
            "help_brand_name", "6007", field.name, f"The HELP message does not name the brand ({_brand_names(run)})."
        )
    emails = field.emails
    if not (emails or field.phones or field.urls):
        run.add(
            "help_contact",
            "6008",
            field.name,
            f"The HELP message gives no support contact (email, phone number or website): {_quote(field.text, 60)}.",
        )
    reference = _reference_domains(run)
    if reference:
        foreign = [
            d for d in emails if not _host_in_list(d, "personal_email_domains") and _registered(d) not in reference
        ]
        if foreign:
            run.add(
                "help_email_domain",
                "6009",
                field.name,
                f"The HELP message's support email is at {_quotes(list(dict.fromkeys(foreign)))}, not at the brand's "
                f"domain ({', '.join(sorted(reference))}).",
            )


def _check_optout(run: _Run) -> None:
    field = run.field("optout_message")
    if not field.text.strip():
        run.add(
            "optout_confirmation",
            "6011",
            field.name,
            "No opt-out message is given; it must name the brand and say that no further messages will be sent.",
        )
        return
    if run.brand_keys and not _names_in(field, run.brand_keys, run.domain_keys):
        run.add(
            "optout_brand_name",
            "6010",
            field.name,
            f"The opt-out message does not name the brand ({_brand_names(run)}).",
        )
    if not _NO_FURTHER.found(field):
        run.add(
            "optout_confirmation",
            "6011",
            field.name,
            f"The opt-out message does not say that no further messages will be sent: {_quote(field.text, 60)}.",
        )


def _check_cta(run: _Run, age_restricted: list[tuple[_Field, list[str]]]) -> None:
    field = run.field("message_flow")
    text = field.text
    if not text.strip():
        run.add(
            "cta_missing",
            "3011A",
            field.name,
            "No CTA / message flow is given: describe where and how subscribers opt in, with the full CTA wording.",
        )
        return
    if run.brand_keys and not _names_in(field, run.brand_keys, run.domain_keys):
        run.add("cta_brand_name", "3002A", field.name, f"The CTA does not name the brand ({_brand_names(run)}).")
    if not _has_help(field):
        run.add("cta_help", "3003A", field.name, 'The CTA has no HELP instructions (e.g. "Reply HELP for help").')
    if not _has_stop(field):
        run.add("cta_stop", "3004A", field.name, 'The CTA has no STOP instructions (e.g. "Reply STOP to cancel").')
    if not _FREQUENCY.found(field):
        run.add(
            "cta_frequency",
            "3005A",
            field.name,
            'The CTA does not disclose the message frequency (e.g. "Message frequency varies").',
        )
    if not _RATES.found(field):
        run.add("cta_rates", "3006A", field.name, 'The CTA lacks "Message and data rates may apply".')
    low = field.low
    terms_url = run.field("terms_url").low.strip()
    if not (_TERMS.found(field) or (len(terms_url) >= 8 and terms_url in low)):
        run.add("cta_terms", "3007A", field.name, "The CTA neither links to nor mentions the terms and conditions.")
    privacy_url = run.field("privacy_policy_url").low.strip()
    if not (_PRIVACY.found(field) or (len(privacy_url) >= 8 and privacy_url in low)):
        run.add(
            "cta_privacy",
            "3008A",
            field.name,
            "The CTA neither links to the privacy policy nor states that mobile opt-in data is not shared.",
        )
    if age_restricted and not _AGE_GATE.found(field):
        run.add(
            "cta_age_gate",
            "3010A",
            field.name,
            f"Age-restricted content ({_where(age_restricted)}) but the CTA describes no age gate "
            "(e.g. 21+ confirmation, date of birth).",
        )
    web = _WEB_OPTIN.search(field)
    if web and not field.urls and not _NO_WEB_OPTIN.found(field):
        run.add(
            "cta_website_url",
            "3011A",
            field.name,
            f"The CTA mentions {_quote(web.group())} but gives no URL of the web consent page.",
        )
    forced = _FORCED_OPTIN.search(field)
    if forced:
        run.add(
            "cta_forced_optin",
            "803",
            field.name,
            f"The CTA describes a forced opt-in ({_quote(forced.group())}); SMS consent must be an optional, "
            "unchecked box.",
        )
    if run.use_case == UseCase.MARKETING and not _scan(
        field.tokens, field.tokenset, _lexicon(_DISCLOSURE_LISTS), first=True
    ):
        run.add(
            "cta_marketing_disclosure",
            "3014A",
            field.name,
            "MARKETING campaign, but the CTA does not say the messages will be promotional (offers, promotions …).",
        )
    donations = run.hits("donation_terms", run.samples)
    if donations and not field.hits.get("donation_terms"):
        run.add(
            "cta_donation_disclosure",
            "3015A",
            field.name,
            f"The samples solicit donations ({_where(donations)}) but the CTA does not say messages will ask for "
            "donations.",
        )


_CATEGORY_OF_LIST = {f"prohibited_{category.name}": category for category in _CATEGORIES}


def _check_prohibited(run: _Run) -> None:
    for field in run.texts():
        for list_name, phrases in field.hits.items():
            category = _CATEGORY_OF_LIST.get(list_name)
            if category is None:
                continue
            code = category.content_code if field.name in run.message_names else category.program_code
            run.add(
                list_name,
                code,
                field.name,
                f"{field.label[0].upper()}{field.label[1:]} mentions {_quotes(phrases)}, which falls in the prohibited "
                f"category {category.label}.",
                prohibited=True,
            )


def _check_attributes(run: _Run) -> list[tuple[_Field, list[str]]]:
    attributes = run.attributes
    age_restricted: list[tuple[_Field, list[str]]] = []
    for field in run.texts():
        phrases = [p for name in _AGE_RESTRICTED for p in field.hits.get(f"prohibited_{name}", ())]
        if phrases:
            age_restricted.append((field, phrases))
    if age_restricted and not attributes["age_gated"]:
        run.add(
            "age_gate_attribute",
            "1001",
            "age_gated",
            f"Alcohol, tobacco or firearms content ({_where(age_restricted)}) but the age-gated content attribute "
            "is not selected.",
        )
    if not attributes["direct_lending"]:
        lending = []
        for field in run.texts():
            phrases = [*field.hits.get("lending_terms", ()), *field.hits.get("prohibited_loans", ())]
            if phrases:
                lending.append((field, list(dict.fromkeys(phrases))))
        if lending:
            in_messages = any(field.name in run.message_names for field, _ in lending)
            run.add(
                "direct_lending_attribute",
                "1002" if in_messages else "712",
                "direct_lending",
                f"Lending language ({_where(lending)}) but the direct lending or loan arrangement attribute is not "
                "selected.",
            )
    if not attributes["embedded_link"]:
        linked = [(s, [u for u, _ in s.urls]) for s in run.samples if s.urls]
        if linked:
            run.add(
                "embedded_link_attribute",
                "501",
                "embedded_link",
                f"Links in the samples ({_where(linked)}) but the embedded link attribute is not selected.",
            )
    if not attributes["embedded_phone"]:
        phoned = []
        for sample in run.samples:
            numbers = sample.phones
            if numbers:
                phoned.append((sample, numbers))
        if phoned:
            run.add(
                "embedded_phone_attribute",
                "601",
                "embedded_phone",
                f"Phone numbers in the samples ({_where(phoned)}) but the embedded phone attribute is not selected.",
            )
    if attributes["affiliate_marketing"]:
        run.add(
            "affiliate_marketing_declared",
            "7002",
            "affiliate_marketing",
            "The affiliate marketing attribute is selected: lead generation and affiliate marketing are prohibited.",
            prohibited=True,
        )
    if attributes["direct_lending"]:
        run.add(
            "direct_lending_declared",
            "7004",
            "direct_lending",
            "The direct lending or loan arrangement attribute is selected: mortgage and loan programs are prohibited.",
            prohibited=True,
        )
    if attributes["number_pool"]:
        run.add(
            "number_pool_review",
            "810",
            "number_pool",
            "A number pool is requested: the campaign needs the carrier's special business review before approval.",
        )
    return age_restricted


def _check_use_case(run: _Run) -> None:
    use_case = run.use_case
    if not use_case:
        return  # no declared use case: a validation error, nothing to compare with
    rules = (
        ("donation_terms", "donation_use_case", "8001", (UseCase.CHARITY, UseCase.POLITICAL), "donations", "CHARITY"),
        ("political_terms", "political_use_case", "8002", (UseCase.POLITICAL,), "political content", "POLITICAL"),
        (
            "cart_reminder_terms",
            "cart_reminder_use_case",
            "8003",
            (UseCase.MARKETING, UseCase.MIXED, UseCase.LOW_VOLUME),
            "cart reminders",
            "MARKETING",
        ),
    )
    for list_name, check, code, allowed, what, needed in rules:
        if use_case in allowed:
            continue
        for field, phrases in run.hits(list_name):
            run.add(
                check,
                code,
                field.name,
                f"{field.label[0].upper()}{field.label[1:]} refers to {what} ({_quotes(phrases)}) but the use case is "
                f"{use_case}, not {needed}.",
            )
    if use_case == UseCase.POLITICAL and not any(
        _FEC_ID.search(run.field(n).low) for n in ("description", "message_flow")
    ):
        run.add(
            "political_fec_id",
            "9001",
            "description",
            "POLITICAL campaign without an FEC committee id (e.g. “FEC ID C00123456”) in the description or CTA.",
        )
    if use_case == UseCase.CHARITY:
        status = (run.brand.tax_exempt_status.strip().upper() if run.brand else "") or None
        if status is None:
            proven = any(_501C3.search(run.field(n).low) for n in ("description", "message_flow"))
            reason = "the campaign never states the brand's 501(c)(3) status"
        else:
            proven = status == "501C3"
            reason = f"the brand's tax-exempt status is {status}, not 501(c)(3)"
        if not proven:
            run.add("charity_501c3", "9002", "use_case", f"CHARITY campaign, but {reason}.")
    if use_case == UseCase.TWO_FA:
        written = [s for s in run.samples if s.text.strip()]
        if written and not any(_OTP.search(s.low) for s in written):
            run.add(
                "twofa_sample_code",
                "6014",
                "sample_messages",
                "2FA campaign, but no sample message shows a one-time code (or a placeholder such as {code}).",
            )


def _check_registration(run: _Run) -> None:
    description = run.field("description").text.strip()
    if len(description) < 40:
        run.add(
            "description_too_short",
            "2002",
            "description",
            f"The description is {'missing' if not description else f'only {len(description)} characters long'}; "
            "describe the campaign's purpose, audience and messages (at least 40 characters).",
        )
    for field in run.texts():
        if field.name == "website" or "@" not in field.text:
            continue
        domains = set(field.emails)
        personal = sorted(d for d in domains if _host_in_list(d, "personal_email_domains"))
        if personal:
            run.add(
                "personal_email",
                "713",
                field.name,
                f"{field.label[0].upper()}{field.label[1:]} gives an email address at the personal-use domain "
                f"{_quotes(personal)}; use the company's own domain.",
            )
    website = run.field("website").text.strip()
    if not website:
        run.add("missing_website", "804", "website", "No website is given on the campaign form.")
    else:
        host = host_of(website)
        if _host_in_list(host, "social_domains"):
            run.add(
                "social_website",
                "1004",
                "website",
                f"The website {_quote(host)} is a social-network, classifieds or link-in-bio page, not the brand's "
                "own site.",
            )
    if not run.field("privacy_policy_url").text.strip():
        run.add("missing_privacy_policy", "805", "privacy_policy_url", "No privacy policy URL is given.")


_FIELD_ORDER = {name: i for i, name in enumerate(("use_case", *CONTENT_FIELDS, *ATTRIBUTE_FIELDS))}


def _order(finding: Finding) -> tuple:
    base, _, index = finding["field"].partition(".")
    return (
        _FIELD_ORDER.get(base, len(_FIELD_ORDER)),
        base,
        int(index) if index.isdigit() else -1,
        sort_key_for(finding["code"]),
        finding["check"],
        finding["message"],
    )


def prescreen(
    campaign: Mapping[str, Any], brand: BrandFacts | None = None, *, remediations: Mapping[str, str] | None = None
) -> list[Finding]:
    """C4: the findings for a campaign (fields in the API's spelling), ordered by field (form order) then code.

    ``brand`` enables the brand-name checks (6012, 6001, 6007, 6010, 3002A), the HELP email-domain check and
    the CHARITY 501(c)(3) check; ``remediations`` maps catalogue codes to their remediation text.
    """
    if not isinstance(campaign, Mapping):
        campaign = {}
    if not isinstance(remediations, Mapping):
        remediations = {}
    run = _Run(campaign, _brand_facts(brand), remediations)
    _check_samples(run)
    _check_optin(run)
    _check_help(run)
    _check_optout(run)
    age_restricted = _check_attributes(run)
    _check_cta(run, age_restricted)
    _check_prohibited(run)
    _check_use_case(run)
    _check_registration(run)
    return sorted(run.findings, key=_order)
