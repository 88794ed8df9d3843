"""What a customer has to fix after "changes requested" (brands) or a rejection (campaigns), for the edit pages.

The decision's codes (with the catalogue's reason and remediation as snapshotted when it was made), the analyst's
note (the decision's reason, which the customer sees), and, where the subject's automatic findings point a code at
an input, that input: the edit page shows the whole list on top and each item again next to its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CodeToFix:
    code: str
    reason: str
    remediation: str
    #: Labels of the inputs the code's findings point at (empty: the code is about the whole registration).
    field_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldNote:
    code: str
    reason: str
    remediation: str
    #: What the automatic check found in this input, when a finding points the code here.
    finding: str = ""


@dataclass(frozen=True)
class DecisionToFix:
    title: str
    decided_at: dt.datetime
    note: str
    codes: list[CodeToFix]
    #: Form field name → what to fix in it.
    by_field: dict[str, list[FieldNote]] = field(default_factory=dict)


def decision_to_fix(
    *,
    title: str,
    decided_at: dt.datetime,
    note: str,
    codes: Iterable[Mapping],
    findings: Iterable[Mapping],
    labels: Mapping[str, str],
    form_field: Callable[[str], str] = lambda name: name,
) -> DecisionToFix:
    """``codes``: the decision's snapshot ``[{code, reason, remediation}]``; ``findings``: the subject's current
    ``[{code, field, message}]``; ``form_field`` turns a finding's field (API spelling) into the form's field name,
    ``labels`` a form field name into its label. A finding only places a code the decision cited."""
    cited = [c for c in codes if isinstance(c, Mapping) and c.get("code")]
    by_code = {str(c["code"]): c for c in cited}
    by_field: dict[str, list[FieldNote]] = {}
    fields_of: dict[str, list[str]] = {}
    for finding in findings:
        if not isinstance(finding, Mapping) or str(finding.get("code") or "") not in by_code:
            continue
        code = by_code[str(finding["code"])]
        name = form_field(str(finding.get("field") or ""))
        if name not in labels:
            continue
        by_field.setdefault(name, []).append(
            FieldNote(
                code=str(code["code"]),
                reason=str(code.get("reason", "")),
                remediation=str(code.get("remediation", "")),
                finding=str(finding.get("message", "")),
            )
        )
        if labels[name] not in fields_of.setdefault(str(code["code"]), []):
            fields_of[str(code["code"])].append(labels[name])
    return DecisionToFix(
        title=title,
        decided_at=decided_at,
        note=note,
        codes=[
            CodeToFix(
                code=str(c["code"]),
                reason=str(c.get("reason", "")),
                remediation=str(c.get("remediation", "")),
                field_labels=tuple(fields_of.get(str(c["code"]), ())),
            )
            for c in cited
        ],
        by_field=by_field,
    )


def form_labels(form) -> dict[str, str]:
    """A form's field names → the labels its page shows."""
    from django.forms.utils import pretty_name

    return {name: str(f.label or pretty_name(name)) for name, f in form.fields.items()}
