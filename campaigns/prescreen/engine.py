"""C4: the pre-screen engine — the registry of check families and one run over them.

Each family module declares ``SPECS`` (check id → the codes it can cite, what it looks for, the fallback
remediation when the catalogue text is not passed in), ``LISTS`` (the word lists every text is scanned for on
its behalf) and ``check(run)``, which adds its findings to the run. A new check is a row in its family's
``SPECS`` and the code in its ``check``; a new family is a module with those three names in ``FAMILIES``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rejections.codes import sort_key_for

from ..choices import ATTRIBUTE_FIELDS, CONTENT_FIELDS
from . import attributes, content, cta, messages, prohibited, registration
from .reading import BrandFacts, Finding, Spec, _brand_facts, _Run
from .words import _lexicon

#: The check families, in the order of the review page's legend (``CHECKS``).
FAMILIES = (content, messages, cta, prohibited, attributes, registration)

_SPECS: dict[str, Spec] = {check: spec for family in FAMILIES for check, spec in family.SPECS.items()}
if len(_SPECS) != sum(len(family.SPECS) for family in FAMILIES):
    # A check id declared by two families would silently keep only one spec (and one legend row).
    raise RuntimeError("pre-screen check ids must be unique across the check families")

#: (check id, codes it can cite, what it looks for) — for documentation and the review page's legend.
CHECKS: list[tuple[str, tuple[str, ...], str]] = [(check, codes, about) for check, (codes, about, _) in _SPECS.items()]
#: Every catalogue code a finding can carry (look their remediation texts up once per run).
CHECK_CODES: tuple[str, ...] = tuple(sorted({code for _, codes, _ in CHECKS for code in codes}, key=sort_key_for))
#: The word lists every text is scanned for, all in one pass (see ``words._lexicon``).
_CONTENT_LISTS: tuple[str, ...] = tuple(dict.fromkeys(name for family in FAMILIES for name in family.LISTS))


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


#: Checks that read more than the campaign (optouts: blocked keywords announced but not yet in force), registered
#: by a higher app from its AppConfig.ready with ``register_prescreen_check``. ``prescreen`` stays pure; the
#: service (``campaigns.services.campaign_prescreen``) adds their findings through ``registered_findings``.
_REGISTERED: list[Callable[[Mapping[str, Any]], list[Finding]]] = []


def register_prescreen_check(check: Callable[[Mapping[str, Any]], list[Finding]]) -> None:
    if check not in _REGISTERED:
        _REGISTERED.append(check)


def registered_findings(campaign: Mapping[str, Any]) -> list[Finding]:
    """The findings of the registered checks for a campaign (fields in the API's spelling)."""
    return [finding for check in _REGISTERED for finding in check(campaign)]


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
    run = _Run(campaign, _brand_facts(brand), remediations, specs=_SPECS, lexicon=_lexicon(_CONTENT_LISTS))
    for family in FAMILIES:
        family.check(run)
    return sorted(run.findings, key=_order)
