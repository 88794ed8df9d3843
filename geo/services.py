"""Changes to geo permissions (M1): settings, overrides, requests and their decisions, and the counted traffic
the recommendation reads. Every change is audited in its transaction and announced (``permissions_changed``)
after commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Account, SubAccount
from audit.services import audit_record
from brands.choices import BrandStatus, IdentityStatus
from brands.models import Brand
from core.errors import DomainError, StateConflict
from core.hooks import guard_decision
from core.locking import lock_row, locked_for_change, save_versioned
from core.policy import ALLOWED, Decision, deny

from . import policies
from .choices import BreachResponse, RequestDecision, RequestStatus, RiskLevel
from .constants import (
    MAX_BLOCK_HOURS,
    MAX_JUSTIFICATION,
    MAX_MPH_THRESHOLD,
    MIN_BLOCK_HOURS,
    MIN_JUSTIFICATION,
    MIN_MPH_THRESHOLD,
)
from .models import Country, GeoPermission, GeoRequest
from .selectors import default_setting, effective_permission
from .signals import permissions_changed

#: Rows per INSERT statement: well under every database's bound-parameter limit (6 parameters a row).
_UPSERT_CHUNK = 500


def _hour(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("hour_start must be an aware datetime (UTC).")
    return value.replace(minute=0, second=0, microsecond=0)


def hourly_counts_add(*, rows: Iterable[tuple[int, int | None, str, datetime, int]]) -> int:
    """Add counted messages to their buckets' hours (M1.4, M1.7): ``rows`` of (account_id, sub_account_id or None
    for the account's bucket, country, hour_start, count). Rows of the same bucket and hour are summed first; then
    one ``INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count`` per 500 distinct rows, so concurrent
    writers never lose an increment (PostgreSQL and SQLite alike). Returns the number of distinct rows written."""
    totals: dict[tuple[int, int, int | None, str, datetime], int] = defaultdict(int)
    for account_id, sub_account_id, country, hour_start, count in rows:
        if count < 0:
            raise ValueError(f"A count cannot be negative ({count} for {country}).")
        if count == 0:
            continue
        key = (int(account_id), int(sub_account_id or 0), sub_account_id, str(country).upper(), _hour(hour_start))
        totals[key] += int(count)
    if not totals:
        return 0
    ops = connection.ops
    items = sorted(totals.items(), key=lambda item: (item[0][0], item[0][1], item[0][3], item[0][4]))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(items), _UPSERT_CHUNK):
            chunk = items[start : start + _UPSERT_CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params: list = []
            for (account_id, bucket, sub_account_id, country, hour_start), count in chunk:
                params += [
                    account_id,
                    sub_account_id,
                    bucket,
                    country,
                    ops.adapt_datetimefield_value(hour_start),
                    count,
                ]
            # Sorted keys: two writers take the rows' locks in the same order and cannot deadlock.
            cursor.execute(
                "INSERT INTO geo_hourlycount (account_id, sub_account_id, bucket, country, hour_start, count) "  # noqa: S608
                f"VALUES {values} "
                "ON CONFLICT (account_id, bucket, country, hour_start) "
                "DO UPDATE SET count = geo_hourlycount.count + excluded.count",
                params,
            )
    return len(items)


# ----------------------------------------------------------------------------------------------------------
# Settings and overrides (M1.1, M1.2, M1.4)
# ----------------------------------------------------------------------------------------------------------

#: The fields a setting holds, in the API's spelling.
SETTING_FIELDS = ("enabled", "mph_threshold", "breach_response", "block_hours")


def _announce(account_id: int) -> None:
    transaction.on_commit(lambda: permissions_changed.send(sender=GeoPermission, account_id=account_id))


def _country(code) -> Country:
    code = str(code or "").strip().upper()
    try:
        return Country.objects.get(code=code)
    except Country.DoesNotExist:
        raise DomainError(
            "unknown_country", f"“{code}” is not a country code (ISO 3166-1 alpha-2, e.g. US).", field="country"
        ) from None


def _whole_number(value, field: str, errors: dict[str, list[str]]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors[field] = [f"Must be a whole number, not “{value}”."]
        return None
    text = str(value).strip()
    if not (text.lstrip("-").isdecimal() and len(text) <= 12):
        errors[field] = [f"Must be a whole number, not “{value}”."]
        return None
    return int(text)


def validate_setting(changes: dict) -> dict:
    """The changes with their values checked (M1.1), every fault reported at once by field, with the limit."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(changes) - set(SETTING_FIELDS))
    for key in unknown:
        errors[key] = [f"Not a setting; the settings are {', '.join(SETTING_FIELDS)}."]
    clean: dict = {}
    if "enabled" in changes:
        value = changes["enabled"]
        if isinstance(value, bool):
            clean["enabled"] = value
        elif str(value).lower() in ("true", "on", "1", "yes", "false", "off", "0", "no"):
            clean["enabled"] = str(value).lower() in ("true", "on", "1", "yes")
        else:
            errors["enabled"] = [f"Must be true or false, not “{value}”."]
    if "mph_threshold" in changes:
        value = changes["mph_threshold"]
        if value is None or value == "":
            clean["mph_threshold"] = None
        elif (number := _whole_number(value, "mph_threshold", errors)) is not None:
            if number < MIN_MPH_THRESHOLD:
                errors["mph_threshold"] = [
                    f"The hourly threshold is at least {MIN_MPH_THRESHOLD} message (you gave {number}); "
                    "leave it empty for no threshold."
                ]
            elif number > MAX_MPH_THRESHOLD:
                errors["mph_threshold"] = [
                    f"The hourly threshold is at most {MAX_MPH_THRESHOLD:,} messages (you gave {number:,})."
                ]
            else:
                clean["mph_threshold"] = number
    if "breach_response" in changes:
        value = str(changes["breach_response"] or "").strip().upper()
        if value in BreachResponse.values:
            clean["breach_response"] = value
        else:
            errors["breach_response"] = [
                f"“{changes['breach_response']}” is not a response; use one of {', '.join(BreachResponse.values)}."
            ]
    if "block_hours" in changes:
        number = _whole_number(changes["block_hours"], "block_hours", errors)
        if number is not None:
            if number < MIN_BLOCK_HOURS:
                errors["block_hours"] = [
                    f"A block lasts at least {MIN_BLOCK_HOURS} hour (you gave {number}, "
                    f"{MIN_BLOCK_HOURS - number} too few)."
                ]
            elif number > MAX_BLOCK_HOURS:
                errors["block_hours"] = [
                    f"A block lasts at most {MAX_BLOCK_HOURS} hours (you gave {number}, "
                    f"{number - MAX_BLOCK_HOURS} too many)."
                ]
            else:
                clean["block_hours"] = number
    if not errors and not clean:
        errors["detail"] = [f"Nothing to change: send at least one of {', '.join(SETTING_FIELDS)}."]
    if errors:
        raise DomainError("M1.1", "The setting is not valid.", errors=errors)
    return clean


def _lock_owner(account: Account, sub_account: SubAccount | None) -> None:
    # Changes to one owner's settings run one at a time: the row may not exist yet, so lock its owner.
    if sub_account is not None:
        lock_row(SubAccount, sub_account.pk, of=("self",))
    else:
        lock_row(Account, account.pk, of=("self",))


def _setting_of(row: GeoPermission | None) -> dict | None:
    if row is None:
        return None
    return {field: getattr(row, field) for field in SETTING_FIELDS}


def _inherited(account: Account, country: str, sub_account: SubAccount | None) -> dict:
    """What applies to the owner without a row of its own: the account's row (for a sub-account), else the
    default (M1.2)."""
    if sub_account is not None:
        row = GeoPermission.objects.filter(account=account, sub_account__isnull=True, country_id=country).first()
        if row is not None:
            return _setting_of(row)
    return dict(zip(SETTING_FIELDS, default_setting(country), strict=True))


def _write(
    *,
    actor,
    account: Account,
    sub_account: SubAccount | None,
    country: Country,
    values: dict,
    action: str,
    reason: str = "",
    codes=(),
) -> GeoPermission:
    """Create or update the owner's row with ``values`` (already checked) and audit before → after. The caller
    holds the owner's lock."""
    row = GeoPermission.objects.filter(account=account, sub_account=sub_account, country=country).first()
    before = _setting_of(row)
    if row is None:
        row = GeoPermission(account=account, sub_account=sub_account, country=country)
        for field, value in _inherited(account, country.code, sub_account).items():
            setattr(row, field, value)
    for field, value in values.items():
        setattr(row, field, value)
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    if row.pk is None:
        row.save()
    else:
        save_versioned(row, *SETTING_FIELDS, "updated_by")
    audit_record(
        actor=actor,
        subject=row,
        action=action,
        reason=reason,
        codes=codes,
        data={
            "country": country.code,
            "sub_account": sub_account.pk if sub_account else None,
            "before": before,
            "after": _setting_of(row),
        },
    )
    _announce(account.pk)
    return row


def _check_owner(account: Account, sub_account: SubAccount | None) -> None:
    if sub_account is not None and sub_account.account_id != account.pk:
        raise DomainError("not_found", "No such sub-account.", field="sub_account")


@transaction.atomic
def geo_permission_set(
    *, actor, account: Account, country: str, changes: dict, sub_account: SubAccount | None = None
) -> GeoPermission:
    """Change one country's setting for the account (its default) or a sub-account (creating its override,
    M1.4). Disabling, thresholds, responses and block hours are direct; turning a disabled country on is for
    staff only and never for a hard-disabled country (M1.2, M1.3) — customers ask through ``geo_request_file``."""
    policies.geopermission_can_change(actor, account).enforce()
    _check_owner(account, sub_account)
    catalogue_row = _country(country)
    values = validate_setting(changes)
    _lock_owner(account, sub_account)
    existing = GeoPermission.objects.filter(account=account, sub_account=sub_account, country=catalogue_row).first()
    current = _setting_of(existing) or _inherited(account, catalogue_row.code, sub_account)
    if values.get("enabled") and not current["enabled"]:
        decision = policies.geopermission_can_enable(actor, catalogue_row)
        if not decision:
            raise DomainError(decision.code, decision.reason, field="enabled")
    action = "geo_override_set" if sub_account is not None and existing is None else "geo_permission_set"
    return _write(
        actor=actor, account=account, sub_account=sub_account, country=catalogue_row, values=values, action=action
    )


@transaction.atomic
def geo_override_remove(*, actor, sub_account: SubAccount, country: str | None = None) -> int:
    """ "Remove override" (M1.4): delete the sub-account's row for ``country`` (every country when None); it
    inherits the account's setting again and counts in the account's bucket. Returns the rows removed."""
    account = sub_account.account
    policies.geopermission_can_change(actor, account).enforce()
    _lock_owner(account, sub_account)
    rows = GeoPermission.objects.filter(account=account, sub_account=sub_account).select_related("country")
    if country is not None:
        rows = rows.filter(country=_country(country))
    removed = list(rows)
    for row in removed:
        audit_record(
            actor=actor,
            subject=row,
            action="geo_override_removed",
            data={"country": row.country_id, "sub_account": sub_account.pk, "before": _setting_of(row)},
        )
    if removed:
        GeoPermission.objects.filter(pk__in=[row.pk for row in removed]).delete()
        _announce(account.pk)
    return len(removed)


class BulkResult(NamedTuple):
    """What a bulk change did: countries changed, requests filed, countries left alone with why."""

    changed: list[str]
    requested: list[str]
    skipped: dict[str, str]


@transaction.atomic
def geo_permissions_bulk(
    *,
    actor,
    account: Account,
    countries: Iterable[str],
    enabled: bool,
    sub_account: SubAccount | None = None,
    justification: str = "",
) -> BulkResult:
    """Enable or disable many countries at once (a region on the page). Each country follows the single-country
    rules: customers' "enable" files a request per country for the sub-account (M1.3), hard-disabled countries
    are left alone for staff (M1.2), countries already as asked are skipped."""
    policies.geopermission_can_change(actor, account).enforce()
    _check_owner(account, sub_account)
    codes = sorted({str(code).strip().upper() for code in countries})
    catalogue = {row.code: row for row in Country.objects.filter(code__in=codes)}
    result = BulkResult([], [], {})
    for code in codes:
        if code not in catalogue:
            result.skipped[code] = "not a country code"
    if enabled and not getattr(actor, "is_staff_role", False):
        if sub_account is None:
            raise DomainError(
                "M1.3",
                "Choose the sub-account the countries are for: countries are requested per sub-account.",
                field="sub_account",
            )
        # Without KYC every country would be refused for the same reason: say it once.
        refuse_without_kyc(sub_account)
        for code in codes:
            if code not in catalogue:
                continue
            if effective_permission(account_id=account.pk, sub_account_id=sub_account.pk, country=code).enabled:
                result.skipped[code] = "already enabled"
                continue
            try:
                with transaction.atomic():
                    filed = geo_request_file(
                        actor=actor, sub_account=sub_account, country=code, justification=justification
                    )
            except DomainError as exc:
                result.skipped[code] = exc.message
                continue
            (result.changed if filed.status == RequestStatus.GRANTED else result.requested).append(code)
        return result
    _lock_owner(account, sub_account)
    owner_rows = {
        row.country_id: row
        for row in GeoPermission.objects.filter(account=account, sub_account=sub_account, country_id__in=codes)
    }
    inherited_rows: dict = {}
    if sub_account is not None:
        inherited_rows = {
            row.country_id: row
            for row in GeoPermission.objects.filter(account=account, sub_account__isnull=True, country_id__in=codes)
        }
    for code in codes:
        if code not in catalogue:
            continue
        row = owner_rows.get(code) or inherited_rows.get(code)
        current = row.enabled if row is not None else default_setting(code)[0]
        if current == enabled:
            result.skipped[code] = "already enabled" if enabled else "already disabled"
            continue
        if enabled and not (decision := policies.geopermission_can_enable(actor, catalogue[code])):
            result.skipped[code] = decision.reason
            continue
        _write(
            actor=actor,
            account=account,
            sub_account=sub_account,
            country=catalogue[code],
            values={"enabled": enabled},
            action="geo_permission_set" if code in owner_rows or sub_account is None else "geo_override_set",
        )
        result.changed.append(code)
    return result


# ----------------------------------------------------------------------------------------------------------
# Requests (M1.2, M1.3)
# ----------------------------------------------------------------------------------------------------------

GRANTED_AT_ONCE = "Low-risk country and the sub-account's brand identity is verified: granted at once."


def kyc_done(sub_account: SubAccount) -> bool:
    """M1.3: the sub-account has an approved brand whose identity is VERIFIED or VETTED_VERIFIED."""
    return Brand.objects.filter(
        sub_account=sub_account,
        status=BrandStatus.APPROVED,
        identity_status__in=[IdentityStatus.VERIFIED, IdentityStatus.VETTED_VERIFIED],
    ).exists()


def refuse_without_kyc(sub_account: SubAccount) -> None:
    """M1.3's refusal, in words that say what to do."""
    if not kyc_done(sub_account):
        raise StateConflict(
            "M1.3",
            f"{sub_account.name} needs an approved brand with a verified identity before it can send abroad. "
            "Register the brand in this sub-account and get it approved (or appeal its identity status), "
            "then ask again.",
        )


def _grant(*, actor, georequest: GeoRequest, reason: str) -> None:
    """Enable the country on the request's sub-account (its override row, M1.4), keeping the threshold, response
    and block hours it inherited."""
    sub_account = georequest.sub_account
    _lock_owner(sub_account.account, sub_account)
    _write(
        actor=actor,
        account=sub_account.account,
        sub_account=sub_account,
        country=georequest.country,
        values={"enabled": True},
        action="geo_request_granted",
        reason=f"GR-{georequest.pk}: {reason}",
    )
    georequest.grant(by=actor, reason=reason)
    georequest.decided_at = timezone.now()
    georequest.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    georequest.decision_reason = reason


@transaction.atomic
def geo_request_file(*, actor, sub_account: SubAccount, country: str, justification: str) -> GeoRequest:
    """M1.3: a customer asks for a country for a sub-account. Needs the sub-account's KYC (an approved brand with
    its identity verified). LOW risk: granted at once, as the system's decision; MEDIUM/HIGH: waits for an
    analyst; a hard-disabled country: for a manager."""
    policies.georequest_can_file(actor, sub_account).enforce()
    catalogue_row = _country(country)
    justification = (justification or "").strip()
    if len(justification) < MIN_JUSTIFICATION:
        raise DomainError(
            "M1.3",
            f"Say why you send to {catalogue_row.name}: at least {MIN_JUSTIFICATION} characters "
            f"(you wrote {len(justification)}).",
            field="justification",
        )
    if len(justification) > MAX_JUSTIFICATION:
        raise DomainError(
            "M1.3",
            f"The justification is at most {MAX_JUSTIFICATION} characters ({len(justification) - MAX_JUSTIFICATION} "
            "too many).",
            field="justification",
        )
    _lock_owner(sub_account.account, sub_account)
    if effective_permission(
        account_id=sub_account.account_id, sub_account_id=sub_account.pk, country=catalogue_row.code
    ).enabled:
        raise StateConflict("M1.3", f"{catalogue_row.name} is already enabled for {sub_account.name}.")
    if GeoRequest.objects.filter(
        sub_account=sub_account, country=catalogue_row, status__in=[RequestStatus.NEW, RequestStatus.PENDING]
    ).exists():
        raise StateConflict(
            "M1.3", f"A request for {catalogue_row.name} for {sub_account.name} is already waiting for review."
        )
    refuse_without_kyc(sub_account)
    georequest = GeoRequest.objects.create(
        sub_account=sub_account,
        country=catalogue_row,
        justification=justification,
        risk_level=catalogue_row.risk_level,
        needs_manager=catalogue_row.hard_disabled,
        created_by=actor,
    )
    if catalogue_row.risk_level == RiskLevel.LOW and not catalogue_row.hard_disabled:
        # The system decides: no human actor (the audit trail records "system").
        _grant(actor=None, georequest=georequest, reason=GRANTED_AT_ONCE)
    else:
        georequest.submit(by=actor, reason="")
    georequest.save()
    return georequest


def _decidable(georequest: GeoRequest) -> Decision:
    if georequest.status == RequestStatus.PENDING:
        return ALLOWED
    return deny(f"This request was already {georequest.get_status_display().lower()}; a decision is final.", "decided")


@transaction.atomic
def geo_request_decide(
    *, actor, georequest: GeoRequest, decision: str, reason: str = "", expected_version: int | None = None
) -> GeoRequest:
    """Grant (the country is enabled on the sub-account) or refuse with a reason. Analysts decide MEDIUM/HIGH;
    only managers a hard-disabled country's request (M1.2). Final: the row is locked and a decided request is
    refused (409), so of two decisions at once one wins."""
    policies.georequest_can_decide(actor).enforce()
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in RequestDecision.values:
        errors["decision"] = [f"“{decision}” is not a decision; use grant or refuse."]
    if decision == RequestDecision.REFUSE and not reason:
        errors["reason"] = ["Say why the request is refused; the customer reads it."]
    if errors:
        raise DomainError("invalid", "The decision is incomplete.", errors=errors)
    georequest = locked_for_change(
        GeoRequest.objects.select_related("sub_account__account", "country"),
        georequest.pk,
        version=expected_version,
        precondition=_decidable,
        policy=lambda locked: policies.georequest_can_decide(actor, locked),
        of=("self",),
    )
    guard_decision(actor=actor, subject=georequest)
    if decision == RequestDecision.GRANT:
        _grant(actor=actor, georequest=georequest, reason=reason or "Granted by the compliance team.")
    else:
        georequest.refuse(by=actor, reason=reason)
        georequest.decided_at = timezone.now()
        georequest.decided_by = actor
        georequest.decision_reason = reason
    save_versioned(georequest, "status", "decided_at", "decided_by", "decision_reason")
    return georequest
