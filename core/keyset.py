"""Keyset ("seek") pagination for pages over large tables: no OFFSET, no COUNT(*).

A page is the first ``size`` rows after (or before) the last row seen, in a total order given by a list of
fields ending with a unique one (``["sla_due", "id"]``, ``["-priority", "sla_due", "id"]``). The cursor in the
URL holds that row's values. Each page costs one index range scan however deep it is.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None
    size: int

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode(direction: str, values: list[Any]) -> str:
    payload = [direction, *[v.isoformat() if isinstance(v, dt.datetime) else v for v in values]]
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str, fields: list[str], model) -> tuple[str, list[Any]] | None:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        direction, values = raw[0], raw[1:]
        if direction not in ("n", "p") or len(values) != len(fields):
            return None
        parsed = []
        for name, value in zip(fields, values, strict=True):
            field = model._meta.get_field(name.lstrip("-"))
            parsed.append(field.to_python(value) if value is not None else None)
        return direction, parsed
    except Exception:  # a hand-edited or stale cursor: start again at page 1
        return None


def _after(fields: list[str], values: list[Any], *, forward: bool) -> Q:
    """Rows strictly after ``values`` in the order ``fields`` (or before, when not ``forward``).

    Expanded as (f1 > v1) OR (f1 = v1 AND f2 > v2) OR …, with a leading f1 >= v1 the database can use to
    start its index scan at the right place."""
    condition = Q()
    equal = Q()
    for name, value in zip(fields, values, strict=True):
        column = name.lstrip("-")
        ascending = not name.startswith("-")
        lookup = "gt" if ascending == forward else "lt"
        condition |= equal & Q(**{f"{column}__{lookup}": value})
        equal &= Q(**{column: value})
    first, value = fields[0].lstrip("-"), values[0]
    bound = "gte" if (not fields[0].startswith("-")) == forward else "lte"
    return Q(**{f"{first}__{bound}": value}) & condition


def _values(row, fields: list[str]) -> list[Any]:
    return [getattr(row, name.lstrip("-")) for name in fields]


def keyset_page(queryset: QuerySet, *, fields: list[str], cursor: str | None, size: int) -> KeysetPage:
    """One page of ``queryset`` ordered by ``fields`` (the last must be unique), from ``cursor``."""
    decoded = _decode(cursor, fields, queryset.model) if cursor else None
    forward = decoded is None or decoded[0] == "n"
    if decoded is not None:
        queryset = queryset.filter(_after(fields, decoded[1], forward=forward))
    order = fields if forward else [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    next_cursor = previous_cursor = None
    if rows:
        if (forward and more) or not forward:
            next_cursor = _encode("n", _values(rows[-1], fields))
        if decoded is not None and (forward or more):
            previous_cursor = _encode("p", _values(rows[0], fields))
    return KeysetPage(rows=rows, next_cursor=next_cursor, previous_cursor=previous_cursor, size=size)
