"""C4 check family: the sample messages — a public URL shortener (6013), the brand not named (6012)."""

from __future__ import annotations

from .patterns import _host_in_list
from .reading import Spec, _brand_names, _names_in, _quote, _quotes, _Run

SPECS: dict[str, Spec] = {
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
}
LISTS: tuple[str, ...] = ()


def check(run: _Run) -> None:
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
