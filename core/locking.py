"""Lock, check, save: the one sequence every service runs before it changes a row.

A service takes the row ``FOR UPDATE`` (so of two requests at once the second sees the first's result), refuses
what the object's state or the caller's role forbids, refuses a change decided on an older version of the
object (a stale page), then saves with the version bumped. The audit event is not written here: the
transition receiver and ``audit_record`` write it inside the same transaction, as before.

``core`` imports no project app: the model or queryset comes from the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import models

from .errors import DomainError, StateConflict
from .policy import Decision

M = TypeVar("M", bound=models.Model)

#: The default end of a stale-version refusal: what the user does about it.
RELOAD = "reload the page and decide again."


def lock_row(
    source: type[M] | models.QuerySet[M],
    pk,
    *,
    of: Iterable[str] = (),
    not_found: DomainError | None = None,
) -> M:
    """The row ``pk`` of ``source`` (a model or a queryset, e.g. one narrowed by ``visible_to`` or with its
    ``select_related``), locked until the transaction ends.

    ``of=("self",)`` locks only this table's row: PostgreSQL cannot lock the nullable side of an outer join.
    ``not_found`` is raised instead of ``DoesNotExist`` when the row is missing (or not visible)."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    try:
        return queryset.select_for_update(of=tuple(of)).get(pk=pk)
    except queryset.model.DoesNotExist:
        if not_found is None:
            raise
        raise not_found from None


def refuse_stale(obj: models.Model, version, *, label: str | None = None, retry: str = RELOAD) -> None:
    """409 ``stale`` when the caller decided on ``version`` and the row has moved on since.

    ``version=None`` means the caller did not say (admin actions, other services): nothing to compare."""
    if version is not None and int(version) != obj.version:
        raise StateConflict(
            "stale",
            f"{label or obj} changed since you loaded it (your version {version}, now {obj.version}); {retry}",
        )


def locked_for_change(
    source: type[M] | models.QuerySet[M],
    pk,
    *,
    version=None,
    precondition: Callable[[M], Decision] | None = None,
    policy: Callable[[M], Decision] | None = None,
    label: Callable[[M], str] | None = None,
    retry: str = RELOAD,
    of: Iterable[str] = (),
    not_found: DomainError | None = None,
) -> M:
    """Lock the row, then refuse, in this order:

    1. ``precondition(obj)``: a state in which the change is impossible whatever the caller saw (an appeal
       already submitted or decided) — said before "stale", because reloading would not help;
    2. a stale ``version`` (409 ``stale``, the object named by ``label(obj)``, by default ``str(obj)``);
    3. ``policy(obj)``: the app's "may this user do X to this object" answer on the fresh row (403 for a role,
       409 with the rule's code for a state).

    Returns the locked, checked object; the caller changes it and calls ``save_versioned``."""
    obj = lock_row(source, pk, of=of, not_found=not_found)
    if precondition is not None:
        precondition(obj).enforce()
    refuse_stale(obj, version, label=label(obj) if label else None, retry=retry)
    if policy is not None:
        policy(obj).enforce()
    return obj


def save_versioned(obj: models.Model, *fields: str) -> None:
    """Save ``fields`` with the version bumped (and the row's ``auto_now`` timestamps, which Django updates
    only when they are listed). Without fields the whole row is written."""
    obj.version += 1
    if not fields:
        obj.save()
        return
    touched = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.save(update_fields=list(dict.fromkeys([*fields, "version", *touched])))
