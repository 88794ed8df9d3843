"""C4 check family: what the registration form itself must carry — a description (2002), a company email
(713), the brand's own website (804, 1004), a privacy policy (805) — and the number pool's review (810).
"""

from __future__ import annotations

from brands.domains import host_of

from .patterns import _host_in_list
from .reading import Spec, _quote, _quotes, _Run

SPECS: dict[str, Spec] = {
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
LISTS: tuple[str, ...] = ()


def check(run: _Run) -> None:
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

    if run.attributes["number_pool"]:
        run.add(
            "number_pool_review",
            "810",
            "number_pool",
            "A number pool is requested: the campaign needs the carrier's special business review before approval.",
        )
