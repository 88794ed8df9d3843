"""C4 check family: the attributes and the use case must fit the content — age gate (1001), direct lending
(1002/712), embedded link (501) and phone (601); donations, political content and cart reminders under the
right use case (8001–8003); POLITICAL's FEC id (9001), CHARITY's 501(c)(3) (9002), 2FA's code (6014).
"""

from __future__ import annotations

import re

from ..choices import UseCase
from . import prohibited
from .reading import Spec, _quotes, _Run, _where

SPECS: dict[str, Spec] = {
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
}
LISTS: tuple[str, ...] = ("lending_terms", "donation_terms", "political_terms", "cart_reminder_terms")

_FEC_ID = re.compile(r"(?<![a-z0-9])c\d{8}(?!\d)")
_501C3 = re.compile(r"\b501\s*\(?\s*c\s*\)?\s*\(?\s*3\s*\)?")
_OTP = re.compile(
    r"(?<![\d,.$])\d{4,8}(?![\d,])|[{\[<]{1,2}\s*[\w\s.-]{1,24}[}\]>]{1,2}|#{4,}|\b[x*]{4,}\b|\*{4,}"
    r"|\b(?:code|passcode|otp)\s*(?:is|:)\s*\S+"
)


def check(run: _Run) -> None:
    _check_attributes(run)
    _check_use_case(run)


def _check_attributes(run: _Run) -> None:
    attributes = run.attributes
    age_restricted = prohibited.age_restricted(run)
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
