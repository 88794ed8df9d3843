"""B4: the automatic part of the brand registration checklist, as pure functions.

Each check looks at the brand's data (and, for EIN reuse, the other brands with the same tax id) and
returns findings ``{check, code, field, message, remediation}``. ``code`` is the rejection code the
finding would earn at review, or ``None`` where the catalogue has none; ``remediation`` is the
catalogue's text for that code (passed in, so this module stays pure).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple, NotRequired, TypedDict

from .choices import EntityType
from .domains import domain_list, email_domain, host_in, host_of


class Finding(TypedDict):
    check: str
    code: str | None
    field: str
    message: str
    remediation: str
    #: ``"staff"`` for a finding drawn from other accounts' data; absent or ``"all"`` otherwise.
    audience: NotRequired[str]


AUDIENCE_ALL = "all"
AUDIENCE_STAFF = "staff"


_LEGAL_SUFFIXES = re.compile(
    r"\b(incorporated|inc|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|lp|llp|pllc)\b\.?", re.IGNORECASE
)


def normalise_legal_name(name: str) -> str:
    """Compare names the way a reviewer would: no case, punctuation or legal-form suffix."""
    name = _LEGAL_SUFFIXES.sub(" ", name or "")
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


def _finding(
    check: str,
    code: str | None,
    field: str,
    message: str,
    remediations: Mapping[str, str],
    fallback: str,
    audience: str | None = None,
):
    finding = Finding(
        check=check, code=code, field=field, message=message, remediation=remediations.get(code or "", fallback)
    )
    if audience:
        finding["audience"] = audience
    return finding


def findings_for_customer(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a customer may read: none drawn from other accounts' brands. An EIN-reuse finding stored
    before findings carried an audience may name another account's brand, so it is withheld too."""
    return [
        f
        for f in findings
        if f.get("audience") != AUDIENCE_STAFF and not (f.get("check") == "ein_reuse" and "audience" not in f)
    ]


def check_personal_email(data: Mapping[str, Any], remediations: Mapping[str, str], **_) -> list[Finding]:
    domain = email_domain(data.get("email", ""))
    if domain and host_in(domain, domain_list("personal_email_domains")):
        return [
            _finding(
                "personal_email",
                "713",
                "email",
                f"The business contact email uses the personal-use domain {domain}; "
                "use an address at the company's own domain.",
                remediations,
                "Use an official company email address.",
            )
        ]
    return []


def check_website(data: Mapping[str, Any], remediations: Mapping[str, str], **_) -> list[Finding]:
    website = (data.get("website") or "").strip()
    if not website:
        return [
            _finding(
                "missing_website",
                "804",
                "website",
                "No website is given; the brand needs a working website or online presence for validation.",
                remediations,
                "Provide the brand's working website.",
            )
        ]
    host = host_of(website)
    if host_in(host, domain_list("social_domains")):
        return [
            _finding(
                "social_website",
                "1004",
                "website",
                f"The website {host} is a social-network or classifieds page, not a dedicated domain of the brand.",
                remediations,
                "Provide the brand's own website.",
            )
        ]
    return []


class SameEin(NamedTuple):
    """Another brand with the same tax id: its legal name, its account's name, and whether that account is the
    one the checked brand belongs to."""

    legal_name: str
    account: str
    same_account: bool


def check_ein_reuse(
    data: Mapping[str, Any], remediations: Mapping[str, str], *, same_ein: Iterable[SameEin] = (), **_
) -> list[Finding]:
    """511. Brands of the same account are named to the customer; brands of other accounts only to staff: a
    customer's finding never names, counts or confirms another account's brand (DESIGN §9), so that part is a
    separate finding marked ``audience: "staff"``."""
    mine = normalise_legal_name(data.get("legal_name", ""))
    different = [other for other in same_ein if normalise_legal_name(other.legal_name) != mine]
    own = sorted({other.legal_name for other in different if other.same_account})
    foreign = sorted({f"“{other.legal_name}” ({other.account})" for other in different if not other.same_account})
    findings: list[Finding] = []
    if own:
        shown = ", ".join(f"“{name}”" for name in own[:3]) + (" …" if len(own) > 3 else "")
        findings.append(
            _finding(
                "ein_reuse",
                "511",
                "tax_id",
                f"This EIN is already registered in your account for {len(own)} brand(s) with a different "
                f"legal name: {shown}.",
                remediations,
                "Use the end brand's own EIN.",
                audience=AUDIENCE_ALL,
            )
        )
    if foreign:
        shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
        findings.append(
            _finding(
                "ein_reuse",
                "511",
                "tax_id",
                f"Staff only: this EIN is registered in other accounts for {len(foreign)} brand(s) with a "
                f"different legal name: {shown}.",
                remediations,
                "Use the end brand's own EIN.",
                audience=AUDIENCE_STAFF,
            )
        )
    return findings


def check_public_company(data: Mapping[str, Any], remediations: Mapping[str, str], **_) -> list[Finding]:
    if data.get("entity_type") != EntityType.PUBLIC_PROFIT:
        return []
    findings: list[Finding] = []
    if not (data.get("stock_symbol") or "").strip() or not data.get("stock_exchange"):
        findings.append(
            _finding(
                "public_stock",
                None,
                "stock_symbol",
                "A publicly traded company needs its stock symbol and exchange.",
                remediations,
                "Enter the stock symbol and choose the exchange it is listed on.",
            )
        )
    if not data.get("email_2fa_confirmed"):
        findings.append(
            _finding(
                "public_2fa",
                None,
                "email_2fa_confirmed",
                "The business contact email of a publicly traded company must complete 2FA verification.",
                remediations,
                "Complete the 2FA verification sent to the business contact email, then confirm it here.",
            )
        )
    return findings


CHECKS: tuple[Callable[..., list[Finding]], ...] = (
    check_personal_email,
    check_website,
    check_ein_reuse,
    check_public_company,
)
#: The catalogue codes the checks can cite (their remediation texts are looked up once per run).
CHECK_CODES = ("713", "804", "1004", "511", "710")
#: S4: the finding every brand of an account serving other ISVs carries until a manager approves the account.
RESELLER_CHECK = "reseller"


def reseller_finding(remediations: Mapping[str, str]) -> Finding:
    """S4 / 710: the account serves other ISVs and has no manager's approval yet."""
    return _finding(
        RESELLER_CHECK,
        "710",
        "",
        "Your account is registered as serving other ISVs: its brands cannot be submitted until compliance "
        "approves that. Register each brand with its own details, not the agency's or platform's behind it.",
        remediations,
        "Register the brand's own details, not the agency behind the brand.",
    )


def run_checks(
    data: Mapping[str, Any], *, remediations: Mapping[str, str], same_ein: Iterable[SameEin] = ()
) -> list[Finding]:
    same_ein = list(same_ein)
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(data, remediations, same_ein=same_ein))
    return findings
