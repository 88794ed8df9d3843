"""The layering of DESIGN §8: an app imports only apps below it (or beside it where the order allows none)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

#: Bottom to top; apps on one level may not import each other. ``compliance_portal`` (settings, URLs,
#: dashboards) and ``demo`` wire everything together from the top.
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("accounts",),
    ("audit",),
    ("rejections",),
    ("brands",),
    ("vetting",),
    ("appeals", "campaigns"),
    ("senders", "geo"),
    ("traffic",),
    ("events",),
    ("health", "optouts"),
    ("casework",),
    ("notifications", "reports"),
    ("demo",),
    ("compliance_portal",),
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
ROOT = Path(settings.BASE_DIR)


def imports_of(app: str) -> list[tuple[str, int, str]]:
    """(file, line, imported project app) for every import in the app's code (migrations included)."""
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in LEVEL and top != app:
                    found.append((str(path.relative_to(ROOT)), node.lineno, top))
    return found


@pytest.mark.parametrize("app", [app for app in LEVEL if (ROOT / app).is_dir()])
def test_no_app_imports_an_app_above_or_beside_it(app):
    wrong = [f"{f}:{line} imports {top}" for f, line, top in imports_of(app) if LEVEL[top] >= LEVEL[app]]
    assert not wrong, "\n".join(wrong)


def test_every_project_app_has_a_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists() or (p / "settings").is_dir()}
    assert apps <= set(LEVEL), apps - set(LEVEL)
