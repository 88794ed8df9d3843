"""Issue 13 item 2: templates hold no rule of their own. Who may do what comes from the apps' policies (asked
through ``{% may %}`` or a flag the view computed from them), a display-only state check from a model property
(``brand.is_approved``); a template never compares a role or a state to a literal."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

ROOT = Path(settings.BASE_DIR)
#: The project's templates and every app's own ``templates/`` folder.
TEMPLATE_DIRS = [ROOT / "templates", *sorted(path for path in ROOT.glob("*/templates") if path.is_dir())]

#: ``role == "customer"``, ``brand.status != "approved"``, ``vet.vet_class == "ENHANCED"``, ``r.decision ==
#: "approve"``, ``c.code == "808"`` …: a role anywhere in a comparison, or a state-like attribute against a literal.
RULES = [
    re.compile(r"\brole\s*(==|!=)|(==|!=)\s*role\b|\brole\s+(not\s+)?in\b"),
    re.compile(
        r"\.(status|\w+_status|vet_class|entity_type|decision|code|format|content_type|kind|appeal_type|role)"
        r"\s*(==|!=)\s*[\"']"
    ),
    re.compile(r"[\"'][^\"']*[\"']\s*(==|!=)\s*\w+\.(status|\w+_status|vet_class|entity_type|decision|code)\b"),
]


TAG = re.compile(r"\{%(.*?)%\}")


def _offences(text: str) -> list[str]:
    """The lines with a rule inside a template tag (prose such as "no role in the portal" is not one)."""
    return [
        line.strip()
        for line in text.splitlines()
        if any(rule.search(tag) for tag in TAG.findall(line) for rule in RULES)
    ]


def test_no_template_compares_a_role_or_a_state_literal():
    offences = {
        str(path.relative_to(ROOT)): found
        for folder in TEMPLATE_DIRS
        for path in sorted(folder.rglob("*.html"))
        if (found := _offences(path.read_text()))
    }
    assert offences == {}


@pytest.mark.parametrize(
    "line",
    [
        '{% if role == "customer" %}',
        "{% if role != 'customer' %}",
        '{% if brand.status == "approved" or x %}',
        '{% if vet.vet_class == "ENHANCED" %}',
        '{% if brand.tax_exempt_status != "NONE" %}',
        '{% if r.decision == "approve" %}',
        '{% if c.code == "808" %}',
        "{% if role in staff_roles %}",
    ],
)
def test_the_scan_catches_each_kind_of_rule(line):
    assert _offences(line) == [line]


@pytest.mark.django_db
def test_may_asks_the_registered_policy_for_the_pages_user(customer_a, analyst):
    template = Template('{% may "brand_can_register" as ok %}{% if ok %}yes{% else %}no: {{ ok.reason }}{% endif %}')
    assert template.render(Context({"user": customer_a})) == "yes"
    assert template.render(Context({"user": analyst})) == "no: Only customers register brands; staff review them."


def test_may_refuses_an_unknown_policy_name_loudly():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        Template('{% may "brand_can_fly" as ok %}').render(Context({"user": None}))
