"""C4 check family: the CTA / message flow — how subscribers opt in and what they are told (3002A–3015A, 803)."""

from __future__ import annotations

from ..choices import UseCase
from . import prohibited
from .patterns import _FREQUENCY, _RATES, _Probe
from .reading import Spec, _brand_names, _has_help, _has_stop, _names_in, _quote, _Run, _where
from .words import _lexicon, _scan

SPECS: dict[str, Spec] = {
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
}
#: Donations in the samples must be announced in the CTA.
LISTS: tuple[str, ...] = ("donation_terms",)
#: Looked for in the CTA only, so not among the lists every text is scanned for.
_DISCLOSURE_LISTS = ("marketing_disclosure_terms",)

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


def check(run: _Run) -> None:
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
    age_restricted = prohibited.age_restricted(run)
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
