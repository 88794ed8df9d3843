"""Hooks the domain apps call so that a higher app (the work queues) takes part without being imported.

The dependency direction (``accounts`` ← ``brands`` ← ``vetting`` ← ``appeals``/``campaigns`` ← queues) means a
domain service cannot import the queues; it calls ``guard_decision`` here instead, and the queue app registers
its guard from its ``AppConfig.ready``. Subject pages render ``{% subject_panels obj %}`` the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DecisionGuard = Callable[..., None]
SubjectPanel = Callable[[Any, Any], tuple[str, dict] | None]

_decision_guards: list[DecisionGuard] = []
_subject_panels: dict[str, list[SubjectPanel]] = {"top": [], "bottom": []}


def register_decision_guard(guard: DecisionGuard) -> None:
    if guard not in _decision_guards:
        _decision_guards.append(guard)


def guard_decision(*, actor, subject) -> None:
    """Called by a domain service, inside its transaction and after locking ``subject``, before a staff
    decision changes it. A guard raises a ``DomainError`` to refuse (e.g. the item is claimed by another)."""
    for guard in _decision_guards:
        guard(actor=actor, subject=subject)


def register_subject_panel(panel: SubjectPanel, *, slot: str = "bottom") -> None:
    """``slot``: "top" (under the page heading, e.g. the work item) or "bottom" (above the history)."""
    if panel not in _subject_panels[slot]:
        _subject_panels[slot].append(panel)


def subject_panels(request, subject, slot: str = "bottom") -> list[tuple[str, dict]]:
    rendered = []
    for panel in _subject_panels.get(slot, ()):
        result = panel(request, subject)
        if result is not None:
            rendered.append(result)
    return rendered
