"""The one domain error type. Services raise it; the API and the forms translate it."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action.

    ``code`` is stable (a rule id such as ``"A4"`` or a registry code such as ``"801"``);
    ``message`` says what exactly was wrong; ``field`` names the input at fault, if any;
    ``errors`` maps field names to messages when several inputs are at fault;
    ``conflict`` marks refusals caused by the object's state (HTTP 409) rather than by input (400).
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        conflict: bool = False,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.conflict = conflict
        # Several field errors at once (bad input is reported whole, not one field at a time).
        self.extra: dict = {}
        self.errors = errors or ({field: [message]} if field else {})

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class StateConflict(DomainError):
    """The object's current state forbids the action (frozen, stale, wrong state)."""

    def __init__(self, code: str, message: str, **kwargs) -> None:
        super().__init__(code, message, conflict=True, **kwargs)
