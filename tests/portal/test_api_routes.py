"""No input answers 500: every ``/api/v1/`` route, walked from the URL resolver, with malformed ids, a
``.json`` format suffix and every known list filter set to garbage, as a customer and as staff."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from reports.models import Report
from tests.accounts.factories import SubAccountFactory
from tests.reports.factories import dossier_brand

pytestmark = pytest.mark.django_db

API = "api/v1/"
MALFORMED = ("abc", "-1", "99999999999999999999")
METHODS = ("get", "post", "patch", "delete")
#: Every query parameter some API list reads (the schema declares only some of them).
KNOWN_FILTERS = {
    "q",
    "status",
    "identity_status",
    "entity_type",
    "sub_account",
    "vet_class",
    "brand",
    "vet",
    "appeal_type",
    "use_case",
    "needs_resubmission",
    "kind",
    "state",
    "assignee",
    "account",
    "overdue",
    "view",
    "sort",
    "subject",
    "family",
    "cursor",
    "page_size",
    "format",
}
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
_SEGMENT_BEFORE = re.compile(r"([\w-]+)/$")


def _api_routes() -> Iterator[str]:
    """The regex of every route under /api/v1/, prefixes joined."""

    def walk(patterns, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern.lstrip("^")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + regex)
            elif isinstance(pattern, URLPattern):
                yield prefix + regex

    for route in walk(get_resolver().url_patterns, ""):
        if route.startswith(API):
            yield route


def _concrete(route: str, value_for) -> str:
    """A URL for ``route`` with each named group replaced by ``value_for(index, name, segment_before_it)``."""
    out, pos = [], 0
    for index, match in enumerate(_GROUP.finditer(route)):
        out.append(route[pos : match.start()])
        segment = _SEGMENT_BEFORE.search("".join(out).replace("\\", ""))
        out.append(value_for(index, match["name"], segment.group(1) if segment else ""))
        pos = match.end()
    out.append(route[pos:])
    url = "".join(out)
    for token in ("\\Z", "$"):
        url = url.removesuffix(token)
    url = url.replace("/?", "/").replace("\\.", ".").replace("\\-", "-")
    return "/" + url


@pytest.fixture
def world(customer_a, sub_account_a, analyst, manager):
    dossier = dossier_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    report = Report.objects.create(
        kind="brand_dossier", format="csv", params={"brand": dossier.brand.pk}, title="t", requested_by=manager
    )
    other_sub = SubAccountFactory(account=customer_a.account)
    from casework.models import WorkItem

    item = WorkItem.objects.filter(kind="appeal", subject_id=dossier.appeal.pk).first()
    return {
        "brands": dossier.brand.pk,
        "vets": dossier.vet.pk,
        "appeals": dossier.appeal.pk,
        "evidence": dossier.evidence.pk,
        "campaigns": dossier.campaign.pk,
        "sub-accounts": other_sub.pk,
        "reports": report.pk,
        "work-items": item.pk,
        "rejection-codes": "6012",
    }


def _urls(real: dict[str, object]) -> list[str]:
    urls: set[str] = set()
    for route in _api_routes():
        names = _GROUP.findall(route)
        if "format" in names:
            # A format-suffix route: its plain twin below gets the suffix.
            urls.add(_concrete(route, lambda i, n, seg: "json" if n == "format" else str(real.get(seg, 1))))
            continue
        last = len(names) - 1
        variants = {_concrete(route, lambda i, n, seg: str(real.get(seg, 1)))}
        for bad in MALFORMED:
            variants.add(_concrete(route, lambda i, n, seg, bad=bad: bad))
            # The parent is real and only the child malformed, so the child's own lookup runs.
            variants.add(
                _concrete(route, lambda i, n, seg, bad=bad, last=last: bad if i == last else str(real.get(seg, 1)))
            )
        for url in list(variants):
            if url.endswith("/"):
                variants.add(url[:-1] + ".json")
        urls |= variants
    return sorted(urls)


def _no_500(client, requests) -> list[str]:
    client.raise_request_exception = False
    failures = []
    for method, url, data in requests:
        response = getattr(client, method)(url, data, format="json") if method != "get" else client.get(url, data)
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url} {data or ''} → {response.status_code}")
    return failures


def test_the_walk_covers_the_api(world):
    urls = _urls(world)
    routes = list(_api_routes())
    assert len(routes) >= 40, routes
    for expected in ("/api/v1/brands/abc.json", "/api/v1/vets/abc/result/", "/api/v1/appeals/-1/evidence/"):
        assert expected in urls


@pytest.mark.parametrize("who", ["customer_a", "manager"])
def test_no_api_route_answers_500_for_malformed_ids_or_format_suffixes(request, api_for, world, who):
    client = api_for(request.getfixturevalue(who))
    requests = [(method, url, {}) for url in _urls(world) for method in METHODS]
    assert _no_500(client, requests) == []


def test_suffix_routes_are_gone(api_for, world, customer_a):
    """Format suffixes are not routes: ``/brands/1.json`` is a 404 like any unknown path (``?format=`` still works)."""
    client = api_for(customer_a)
    assert client.get(f"/api/v1/brands/{world['brands']}.json").status_code == 404
    assert client.patch(f"/api/v1/brands/{world['brands']}.json", {}, format="json").status_code == 404
    assert client.get(f"/api/v1/brands/{world['brands']}/?format=json").status_code == 200


def _list_filters() -> dict[str, set[str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    lists: dict[str, set[str]] = {}
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        declared = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        lists[path] = declared | KNOWN_FILTERS
    return lists


@pytest.mark.parametrize("who", ["customer_a", "manager"])
def test_every_list_filter_set_to_garbage_is_never_500(request, api_for, world, who):
    client = api_for(request.getfixturevalue(who))
    lists = _list_filters()
    assert {"/api/v1/vets/", "/api/v1/appeals/", "/api/v1/brands/", "/api/v1/campaigns/"} <= set(lists)
    requests = [
        ("get", path, {param: value})
        for path, params in lists.items()
        for param in sorted(params)
        for value in ("abc", "-1", "99999999999999999999")
    ]
    assert _no_500(client, requests) == []


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/vets/?brand=abc", "brand"),
        ("/api/v1/appeals/?brand=abc", "brand"),
        ("/api/v1/appeals/?vet=abc", "vet"),
        ("/api/v1/appeal-eligibility/?vet=abc", "vet"),
        ("/api/v1/appeal-eligibility/?brand=abc", "brand"),
    ],
)
def test_malformed_id_filter_is_400_naming_the_parameter(api_for, customer_a, url, param):
    response = api_for(customer_a).get(url)
    assert response.status_code == 400
    assert param in response.json() and "abc" in response.json()[param][0]
