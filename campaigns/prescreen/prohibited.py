"""C4 check family: content in a category the ISV onboarding guidelines prohibit outright (C1).

One word list per category (``prohibited_<name>.txt``); a finding is marked ``prohibited`` and refuses the
submission. Selecting the affiliate-marketing or direct-lending attribute declares such content.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reading import Spec, _Field, _quotes, _Run


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


SPECS: dict[str, Spec] = {
    **{
        f"prohibited_{category.name}": (
            tuple(dict.fromkeys((category.content_code, category.program_code))),
            f"Words of the prohibited category {category.label} (prohibited_{category.name}.txt).",
            _PROHIBITED_FALLBACK,
        )
        for category in _CATEGORIES
    },
    "prohibited_vertical": (
        ("7003",),
        "The brand's registry vertical is one whose content is prohibited (GAMBLING).",
        _PROHIBITED_FALLBACK,
    ),
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
}
LISTS: tuple[str, ...] = tuple(f"prohibited_{category.name}" for category in _CATEGORIES)

_CATEGORY_OF_LIST = {f"prohibited_{category.name}": category for category in _CATEGORIES}
#: N4: registry verticals whose whole business is a prohibited category: every campaign of such a brand is refused.
_PROHIBITED_VERTICALS = {"GAMBLING": "gambling/sweepstakes"}


def age_restricted(run: _Run) -> list[tuple[_Field, list[str]]]:
    """The texts with alcohol, tobacco or firearms words: they need an age gate (CTA, attribute)."""
    age_restricted: list[tuple[_Field, list[str]]] = []
    for field in run.texts():
        phrases = [p for name in _AGE_RESTRICTED for p in field.hits.get(f"prohibited_{name}", ())]
        if phrases:
            age_restricted.append((field, phrases))
    return age_restricted


def check(run: _Run) -> None:
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

    vertical = run.brand.vertical.strip().upper() if run.brand is not None else ""
    if vertical in _PROHIBITED_VERTICALS:
        run.add(
            "prohibited_vertical",
            "7003",
            "brand",
            f"The brand is registered in the {vertical.title()} vertical, which falls in the prohibited category "
            f"{_PROHIBITED_VERTICALS[vertical]}: none of its campaigns can be registered.",
            prohibited=True,
        )

    attributes = run.attributes
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
