"""The answer of a "who may do this" policy, shared by every app's ``policies.py``.

Each app asks one policy function per action (``brand_can_register(user) -> Decision``); its service
enforces the answer and its pages, API views and templates ask the same function, so a rule has one copy.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .errors import DomainError, StateConflict

#: The code of a refusal because of who is asking (HTTP 403); any other code is a refusal because of the
#: object's state (HTTP 409), e.g. ``B5`` for a brand frozen by an appeal.
FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    code: str = FORBIDDEN

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """For services: raise the refusal as a domain error (403 for a role, 409 for a state)."""
        if self.allowed:
            return
        if self.code == FORBIDDEN:
            raise DomainError(FORBIDDEN, self.reason)
        raise StateConflict(self.code, self.reason)

    def enforce_for_page(self) -> None:
        """For pages: a refusal because of the role is the site's 403 page with the reason."""
        if not self.allowed and self.code == FORBIDDEN:
            raise PermissionDenied(self.reason)


ALLOWED = Decision(True)


def deny(reason: str, code: str = FORBIDDEN) -> Decision:
    return Decision(False, reason, code)


def customers_only(user, reason: str) -> Decision:
    return ALLOWED if getattr(user, "is_customer", False) else deny(reason)


def staff_only(user, reason: str) -> Decision:
    return ALLOWED if getattr(user, "is_staff_role", False) else deny(reason)


def managers_only(user, reason: str) -> Decision:
    return ALLOWED if getattr(user, "is_manager", False) else deny(reason)


def policy_permission(policy):
    """A DRF permission class asking ``policy(user)``; its refusal answers 403 with the policy's reason."""
    from rest_framework.permissions import BasePermission

    class PolicyPermission(BasePermission):
        message = "You may not do this."

        def has_permission(self, request, view):
            user = request.user
            if not (user and user.is_authenticated):
                return False
            decision = policy(user)
            self.message = decision.reason or self.message
            return decision.allowed

    PolicyPermission.__name__ = f"Allowed_{policy.__name__}"
    return PolicyPermission


#: Every app's policy functions by name, for the ``{% may %}`` template tag: filled by each app's
#: ``AppConfig.ready`` (``register_policies``) so that ``core`` never imports an app.
_POLICIES: dict[str, Callable[..., Decision]] = {}


def register_policies(module: ModuleType) -> None:
    """Make the ``<subject>_can_<action>`` functions of an app's ``policies`` module askable by name."""
    for name, function in vars(module).items():
        if "_can_" not in name or not inspect.isfunction(function) or function.__module__ != module.__name__:
            continue
        if _POLICIES.get(name, function) is not function:
            raise ImproperlyConfigured(f"Two apps register a policy named {name}: {_POLICIES[name].__module__}.")
        _POLICIES[name] = function


def ask(name: str, user, *args) -> Decision:
    """The registered policy ``name`` asked for ``user`` (and its object); an unknown name is a programming error,
    never a silent refusal that would hide a button for everyone."""
    try:
        policy = _POLICIES[name]
    except KeyError:
        raise ImproperlyConfigured(f"No policy is registered as {name!r}.") from None
    return policy(user, *args)
