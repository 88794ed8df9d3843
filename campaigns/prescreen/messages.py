"""C4 check family: the opt-in confirmation (6001–6006), HELP (6007–6009) and opt-out (6010, 6011) messages."""

from __future__ import annotations

from .patterns import _FREQUENCY, _RATES, _host, _host_in_list, _Probe, _registered
from .reading import Spec, _brand_names, _has_help, _has_stop, _names_in, _quote, _quotes, _Run

SPECS: dict[str, Spec] = {
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
}
LISTS: tuple[str, ...] = ()

_NO_FURTHER = _Probe(
    r"\bno\s+(?:further|more|additional)\b|\b(?:will\s+not|won't|wont)\s+(?:receive|get|be\s+sent|send|text)\b"
    r"|\bnot\s+(?:receive|get|be\s+sent)\s+any\s+(?:more|further)\b|\bno\s+longer\s+(?:receive|get|be\s+sent)\b"
    r"|\bstop\s+receiving\b|\bwill\s+not\s+be\s+(?:contacted|messaged|texted)\b",
    gate="no not won wont stop",
)


def check(run: _Run) -> None:
    _check_optin(run)
    _check_help(run)
    _check_optout(run)


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
