"""Extension point of the brand page: higher apps (vetting, appeals, campaigns) add panels.

A panel is ``fn(request, brand) -> (template_name, context) | None``, registered from the
higher app's ``AppConfig.ready``. This keeps the dependency direction: brands never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any], tuple[str, dict] | None]
_PANELS: list[Panel] = []


def register_brand_panel(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def brand_panels(request, brand) -> list[tuple[str, dict]]:
    rendered = []
    for panel in _PANELS:
        result = panel(request, brand)
        if result is not None:
            rendered.append(result)
    return rendered
