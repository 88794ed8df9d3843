"""Hooks the domain apps call so that a higher app (the work queues) takes part without being imported.

The dependency direction (``accounts`` ← ``brands`` ← ``vetting`` ← ``appeals``/``campaigns`` ← queues) means a
domain service cannot import the queues; it calls ``guard_decision`` here instead, and the queue app registers
its guard from its ``AppConfig.ready``.

Subject pages take panels the same way, from this one registry: a panel is ``fn(request, subject) ->
(template_name, context) | None``, registered for a slot of the page and, optionally, for one type of subject
only (``subject_type="brand"``: the model name). The "top" and "bottom" slots are rendered by
``{% subject_panels obj "top" %}`` (the panel's template sees ``panel`` and ``subject``); the "main" slot is the
body of a subject page (the brand page's vets, campaigns and appeals), which the page's view includes in its own
context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DecisionGuard = Callable[..., None]
SubjectPanel = Callable[[Any, Any], tuple[str, dict] | None]
PANEL_SLOTS = ("top", "main", "bottom")

_decision_guards: list[DecisionGuard] = []
#: slot -> [(subject type or None for every subject, panel)], in registration order (the apps' order).
_subject_panels: dict[str, list[tuple[str | None, SubjectPanel]]] = {slot: [] for slot in PANEL_SLOTS}


def register_decision_guard(guard: DecisionGuard) -> None:
    if guard not in _decision_guards:
        _decision_guards.append(guard)


def guard_decision(*, actor, subject) -> None:
    """Called by a domain service, inside its transaction and after locking ``subject``, before a staff
    decision changes it. A guard raises a ``DomainError`` to refuse (e.g. the item is claimed by another)."""
    for guard in _decision_guards:
        guard(actor=actor, subject=subject)


def register_subject_panel(panel: SubjectPanel, *, slot: str = "bottom", subject_type: str | None = None) -> None:
    """``slot``: "top" (under the page heading, e.g. the work item), "main" (the page's body) or "bottom" (above
    the history). ``subject_type``: the model name of the only subjects that show the panel (None: all)."""
    if slot not in _subject_panels:
        raise ValueError(f"Unknown panel slot {slot!r}; the slots are {', '.join(PANEL_SLOTS)}.")
    entry = (subject_type, panel)
    if entry not in _subject_panels[slot]:
        _subject_panels[slot].append(entry)


def subject_panels(request, subject, slot: str = "bottom") -> list[tuple[str, dict]]:
    """The (template, context) of each panel registered for ``slot`` and this subject's type that has something
    to show."""
    subject_type = subject._meta.model_name
    rendered = []
    for only_for, panel in _subject_panels.get(slot, ()):
        if only_for is not None and only_for != subject_type:
            continue
        result = panel(request, subject)
        if result is not None:
            rendered.append(result)
    return rendered


# Pages that are not subject pages take panels too: the dashboard (a customer's "at risk" reminder, a staff
# overview tile), the header (the inbox bell) and the main navigation. A page panel is ``fn(request) ->
# (template_name, context) | None``; a navigation link is ``fn(request) -> (label, url) | None`` (None: not for
# this user). Both render in registration order (the apps' order).
PagePanel = Callable[[Any], tuple[str, dict] | None]
NavLink = Callable[[Any], tuple[str, str] | None]
PAGE_SLOTS = ("dashboard", "header")

_page_panels: dict[str, list[PagePanel]] = {slot: [] for slot in PAGE_SLOTS}
_nav_links: list[NavLink] = []


def register_page_panel(panel: PagePanel, *, slot: str) -> None:
    """``slot``: "dashboard" (below the tiles of every role's dashboard; the panel decides whom it shows to) or
    "header" (beside the user's name, e.g. the inbox bell)."""
    if slot not in _page_panels:
        raise ValueError(f"Unknown page slot {slot!r}; the slots are {', '.join(PAGE_SLOTS)}.")
    if panel not in _page_panels[slot]:
        _page_panels[slot].append(panel)


def page_panels(request, slot: str) -> list[tuple[str, dict]]:
    rendered = []
    for panel in _page_panels.get(slot, ()):
        result = panel(request)
        if result is not None:
            rendered.append(result)
    return rendered


def register_nav_link(link: NavLink) -> None:
    """A link of the main navigation, after the built-in ones."""
    if link not in _nav_links:
        _nav_links.append(link)


def nav_links(request) -> list[tuple[str, str]]:
    return [found for link in _nav_links if (found := link(request)) is not None]
