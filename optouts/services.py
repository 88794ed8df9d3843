"""Opt-out, DNC, keyword and exemption rules (M5.1–M5.6). Pages, the API, the inbound receiver and the tasks call
these; no rule lives elsewhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Account, SubAccount, User
from audit.services import audit_record
from brands.domains import host_of, registered_domain
from brands.models import Brand
from campaigns.models import Campaign
from core.errors import DomainError, StateConflict
from core.hooks import guard_decision
from core.locking import lock_row, locked_for_change, save_versioned

from . import dnc, policies, rules
from .choices import (
    KEYWORD_NOTICE_DAYS,
    MAX_KEYWORD_CHARS,
    MAX_OPTOUT_IMPORT_ROWS,
    DncStatus,
    ExemptionDecision,
    ExemptionScope,
    OptOutScope,
    OptOutSource,
)
from .keywords import keyword_key
from .models import BlockedKeyword, BrandDomain, DncImport, DncList, KeywordExemption, OptOut, OptOutSettings
from .numbers import normalise_number
from .signals import keyword_change_announced

NOTICE = dt.timedelta(days=KEYWORD_NOTICE_DAYS)
#: Errors listed for a refused opt-out import (the rest are counted).
MAX_LISTED_ERRORS = 20


# ----------------------------------------------------------------------------------------------------------
# Opt-outs (M5.1, M5.2)
# ----------------------------------------------------------------------------------------------------------


def optout_account_wide(*, account_id: int) -> bool:
    return OptOutSettings.objects.filter(account_id=account_id, account_wide=True).exists()


@transaction.atomic
def optout_set_scope(*, actor: User, account: Account, account_wide: bool) -> OptOutSettings:
    """M5.1: the account chooses whether an opt-out blocks the number for every sub-account or only its own."""
    policies.optout_can_set_scope(actor).enforce()
    if actor.account_id != account.pk:
        raise DomainError("not_found", "No such account.")
    settings, _ = OptOutSettings.objects.select_for_update().get_or_create(account=account)
    if settings.account_wide == account_wide:
        return settings
    settings.account_wide = account_wide
    settings.updated_by = actor
    settings.save()
    audit_record(
        actor=actor,
        subject=settings,
        action="opt_out_scope_changed",
        to_state="account" if account_wide else "sub_account",
        reason="Opt-outs now apply to every sub-account." if account_wide else "Opt-outs apply per sub-account.",
    )
    return settings


def _visible_sub_account(actor: User, sub_account: SubAccount | int) -> SubAccount:
    pk = sub_account.pk if isinstance(sub_account, SubAccount) else sub_account
    found = SubAccount.objects.visible_to(actor).select_related("account").filter(pk=pk).first()
    if found is None:
        raise DomainError("not_found", "No such sub-account.", field="sub_account")
    return found


def _scope(value: str | None, *, account_id: int) -> str:
    if value in (None, ""):
        return OptOutScope.ACCOUNT if optout_account_wide(account_id=account_id) else OptOutScope.SUB_ACCOUNT
    if value not in OptOutScope.values:
        raise DomainError("invalid", f"“{value}” is not a scope; use sub_account or account.", field="scope")
    return value


def optout_record(
    *,
    sub_account: SubAccount,
    number: str,
    source: str,
    at: dt.datetime | None = None,
    scope: str | None = None,
    sender: str = "",
    message_id: str = "",
    actor: User | None = None,
) -> tuple[OptOut, bool]:
    """Record that ``number`` opted out of ``sub_account`` (or the account, by scope); an open opt-out of the same
    number there is kept as it is. Returns the open opt-out and whether it is new."""
    scope = _scope(scope, account_id=sub_account.account_id)
    with transaction.atomic():
        existing = (
            OptOut.objects.select_for_update().filter(sub_account=sub_account, number=number, active=True).first()
        )
        if existing is not None:
            if scope == OptOutScope.ACCOUNT and existing.scope != OptOutScope.ACCOUNT:
                existing.scope = OptOutScope.ACCOUNT
                existing.save(update_fields=["scope"])
            return existing, False
        try:
            with transaction.atomic():
                row = OptOut.objects.create(
                    sub_account=sub_account,
                    account_id=sub_account.account_id,
                    number=number,
                    scope=scope,
                    source=source,
                    at=at or timezone.now(),
                    sender=sender[:16],
                    message_id=message_id[:64],
                    created_by=actor if actor is not None and actor.is_authenticated else None,
                )
        except IntegrityError:
            # Two STOPs at once: the other transaction recorded it.
            return OptOut.objects.get(sub_account=sub_account, number=number, active=True), False
    return row, True


@transaction.atomic
def optout_add(*, actor: User, sub_account: SubAccount | int, number: str, scope: str | None = None) -> OptOut:
    """A customer (or staff, for a customer) adds an opt-out by hand."""
    policies.optout_can_add(actor).enforce()
    sub_account = _visible_sub_account(actor, sub_account)
    e164 = normalise_number(number)
    row, created = optout_record(
        sub_account=sub_account, number=e164, source=OptOutSource.MANUAL, scope=scope, actor=actor
    )
    if not created:
        raise StateConflict(
            "M5.1", f"{e164} has been opted out of {sub_account.friendly_name} since {row.at:%Y-%m-%d %H:%M} UTC."
        )
    audit_record(actor=actor, subject=row, action="opt_out_added", to_state=row.scope, data={"source": row.source})
    return row


@dataclass(frozen=True)
class ImportResult:
    added: int
    already: int
    rows: int


def _csv_numbers(content: bytes) -> tuple[list[tuple[int, str]], list[str], int]:
    """(line, number) of each row of an opt-out CSV (a ``number`` column, else the first), errors with their
    line numbers, and the count of errors."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("invalid", "The file is not UTF-8 text; save it as CSV (UTF-8).", field="file") from None
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, str]] = []
    errors: list[str] = []
    error_count = 0
    column = 0
    for index, cells in enumerate(reader):
        line = reader.line_num
        if not cells or not any(cell.strip() for cell in cells):
            continue
        if index == 0:
            names = [cell.strip().lower() for cell in cells]
            if "number" in names or not any(ch.isdigit() for ch in cells[0]):
                column = names.index("number") if "number" in names else 0
                continue
        if len(rows) + error_count >= MAX_OPTOUT_IMPORT_ROWS:
            raise DomainError(
                "invalid",
                f"The file has more than {MAX_OPTOUT_IMPORT_ROWS:,} rows; split it into smaller files.",
                field="file",
            )
        raw = cells[column] if column < len(cells) else ""
        try:
            rows.append((line, normalise_number(raw)))
        except DomainError as exc:
            error_count += 1
            if len(errors) < MAX_LISTED_ERRORS:
                errors.append(f"Line {line}: {exc.message}")
    return rows, errors, error_count


def optout_import(
    *, actor: User, sub_account: SubAccount | int, file: UploadedFile | bytes, scope: str | None = None
) -> ImportResult:
    """Opt-outs from a CSV file, all or nothing: one bad row refuses the file, every bad row named by its line."""
    policies.optout_can_add(actor).enforce()
    sub_account = _visible_sub_account(actor, sub_account)
    scope = _scope(scope, account_id=sub_account.account_id)
    content = file if isinstance(file, bytes) else file.read()
    rows, errors, error_count = _csv_numbers(content)
    if error_count:
        more = f" and {error_count - len(errors)} more" if error_count > len(errors) else ""
        raise DomainError(
            "invalid",
            f"{error_count} row{'s' if error_count != 1 else ''} of the file are not phone numbers{more}; "
            "nothing was imported.",
            errors={"file": errors + ([f"…{more.strip()}."] if more else [])},
        )
    if not rows:
        raise DomainError("invalid", "The file holds no phone numbers.", field="file")
    numbers = list(dict.fromkeys(number for _, number in rows))
    now = timezone.now()
    with transaction.atomic():
        # Serialise imports into one sub-account: the open-opt-out check and the insert must see the same rows.
        lock_row(SubAccount, sub_account.pk)
        open_numbers = set(
            OptOut.objects.filter(sub_account=sub_account, active=True, number__in=numbers).values_list(
                "number", flat=True
            )
        )
        new = [
            OptOut(
                sub_account=sub_account,
                account_id=sub_account.account_id,
                number=number,
                scope=scope,
                source=OptOutSource.IMPORT,
                at=now,
                created_by=actor,
            )
            for number in numbers
            if number not in open_numbers
        ]
        OptOut.objects.bulk_create(new, batch_size=2000)
        audit_record(
            actor=actor,
            subject=sub_account,
            action="opt_outs_imported",
            reason=f"{len(new)} opt-outs imported ({len(open_numbers)} already opted out).",
            data={"added": len(new), "already": len(open_numbers), "rows": len(rows), "scope": scope},
        )
    return ImportResult(added=len(new), already=len(open_numbers), rows=len(rows))


def optin_record(*, sub_account: SubAccount, number: str, at: dt.datetime | None = None, message_id: str = "") -> int:
    """START/UNSTOP (M5.1): close the opt-outs that stop ``sub_account`` from messaging ``number`` — its own,
    and the account-wide ones. The rows stay as history. Returns how many were closed."""
    at = at or timezone.now()
    with transaction.atomic():
        rows = OptOut.objects.select_for_update().filter(account_id=sub_account.account_id, number=number, active=True)
        if not optout_account_wide(account_id=sub_account.account_id):
            rows = rows.filter(Q(sub_account=sub_account) | Q(scope=OptOutScope.ACCOUNT))
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            OptOut.objects.filter(pk__in=ids).update(active=False, opted_in_at=at, opted_in_message_id=message_id[:64])
    return len(ids)


def optouts_inbound(
    *,
    account_id: int,
    sub_account_id: int,
    sender: str,
    number: str,
    kind: str | None,
    at: dt.datetime | None,
    message_id: str,
) -> None:
    """An inbound message (events): opt-out words add an opt-out, opt-in words close it, anything else is ignored."""
    if kind not in ("opt_out", "opt_in"):
        return
    sub_account = SubAccount.objects.filter(pk=sub_account_id, account_id=account_id).first()
    if sub_account is None:
        return
    if kind == "opt_out":
        optout_record(
            sub_account=sub_account,
            number=number,
            source=OptOutSource.INBOUND,
            at=at,
            sender=sender or "",
            message_id=message_id or "",
        )
    else:
        optin_record(sub_account=sub_account, number=number, at=at, message_id=message_id or "")


# ----------------------------------------------------------------------------------------------------------
# DNC lists (M5.3)
# ----------------------------------------------------------------------------------------------------------

MAX_DNC_NAME = 100


def dnc_upload(*, actor: User, name: str, file: UploadedFile, description: str = "") -> DncImport:
    """A manager uploads a list (new) or a new version of one (same name); the import runs in the background."""
    policies.dnc_can_upload(actor).enforce()
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Name the list (a new name starts a list, an existing one replaces its numbers)."]
    elif len(name) > MAX_DNC_NAME:
        errors["name"] = [f"The name has {len(name)} characters; at most {MAX_DNC_NAME}."]
    if file is None or not getattr(file, "size", 0):
        errors["file"] = ["Choose a file with one number per line (plain text or CSV)."]
    if errors:
        raise DomainError("invalid", "The upload is incomplete.", errors=errors)
    with transaction.atomic():
        dnc_list = DncList.objects.filter(name__iexact=name).first()
        if dnc_list is None:
            dnc_list = DncList.objects.create(name=name, description=description, created_by=actor)
        elif description:
            dnc_list.description = description
            dnc_list.save(update_fields=["description", "updated_at"])
        upload = DncImport(
            dnc_list=dnc_list, original_name=(getattr(file, "name", "") or "")[:255], size=file.size, uploaded_by=actor
        )
        upload.file.save("upload.txt", file, save=False)
        upload.save()
        audit_record(
            actor=actor,
            subject=dnc_list,
            action="dnc_uploaded",
            reason=f"Version {upload.pk} uploaded ({file.size:,} bytes).",
            data={"import": upload.pk},
        )
        from .tasks import import_dnc

        import_dnc.delay_on_commit(upload.pk)
    return upload


def _progress(import_id: int, size: int):
    last = [-1.0]

    def report(read: int, lines: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and read < size:
            return
        last[0] = now
        percent = min(99, int(read * 100 / size)) if size else 0
        DncImport.objects.filter(pk=import_id).update(progress=percent, lines=lines)

    return report


def dnc_import_run(*, import_id: int, stream=None) -> DncImport:
    """Load one uploaded version and, when every line is valid, make it the list's numbers at once (idempotent:
    a finished import is left as it is). ``stream``: read this instead of the stored file (benchmarks)."""
    upload = DncImport.objects.select_related("dnc_list").get(pk=import_id)
    if upload.is_finished:
        return upload
    started = time.monotonic()
    DncImport.objects.filter(pk=import_id).update(status=DncStatus.RUNNING, started_at=timezone.now(), progress=0)
    handle = stream if stream is not None else upload.file.open("rb")
    try:
        loaded = dnc.stage(upload.pk, handle, progress=_progress(upload.pk, upload.size))
    except DomainError as exc:
        return _dnc_failed(upload, exc.message, line=exc.extra.get("line"))
    finally:
        if stream is None:
            handle.close()
    with transaction.atomic():
        dnc_list = lock_row(DncList, upload.dnc_list_id)
        upload = lock_row(DncImport, import_id)
        old = dnc_list.current_import_id
        if old is not None and old > upload.pk:
            dnc.discard(upload.pk)
            return _dnc_failed(upload, f"A newer upload (version {old}) replaced this list first; nothing changed.")
        dnc.switch(new_version=upload.pk, old_version=old)
        dnc_list.current_import = upload
        dnc_list.numbers = loaded
        dnc_list.save(update_fields=["current_import", "numbers", "updated_at"])
        upload.status = DncStatus.DONE
        upload.progress = 100
        upload.numbers = loaded
        upload.finished_at = timezone.now()
        upload.seconds = time.monotonic() - started
        upload.save()
        audit_record(
            actor=upload.uploaded_by,
            subject=dnc_list,
            action="dnc_imported",
            to_state=DncStatus.DONE,
            reason=f"Version {upload.pk}: {loaded:,} numbers now in force"
            + (f", replacing version {old}." if old else "."),
            data={"import": upload.pk, "numbers": loaded, "replaced": old},
        )
    return upload


def _dnc_failed(upload: DncImport, message: str, *, line: int | None = None) -> DncImport:
    with transaction.atomic():
        upload = lock_row(DncImport, upload.pk)
        upload.status = DncStatus.FAILED
        upload.error = message
        upload.error_line = line
        upload.finished_at = timezone.now()
        upload.save()
        audit_record(
            actor=upload.uploaded_by,
            subject=upload.dnc_list,
            action="dnc_import_failed",
            to_state=DncStatus.FAILED,
            reason=message,
            data={"import": upload.pk, "line": line},
        )
    return upload


# ----------------------------------------------------------------------------------------------------------
# Keyword blocklist (M5.4)
# ----------------------------------------------------------------------------------------------------------


def _keyword_word(word: str) -> tuple[str, str]:
    word = " ".join((word or "").split())
    if not word:
        raise DomainError("invalid", "Enter the word or phrase to block.", field="word")
    if len(word) > MAX_KEYWORD_CHARS:
        raise DomainError(
            "invalid",
            f"The keyword has {len(word)} characters, {len(word) - MAX_KEYWORD_CHARS} over the limit of "
            f"{MAX_KEYWORD_CHARS}.",
            field="word",
        )
    key = keyword_key(word)
    if not key:
        raise DomainError("invalid", f"“{word}” has no letters or digits to match.", field="word")
    return word, key


def _notice_refusal(when: dt.datetime, announced: dt.datetime, field: str, what: str) -> None:
    earliest = announced + NOTICE
    if when < earliest:
        short = earliest - when
        days = short.days + (1 if short.seconds or short.microseconds else 0)
        raise DomainError(
            "M5.4",
            f"{what} must come at least {KEYWORD_NOTICE_DAYS} days after it is announced: the earliest is "
            f"{earliest:%Y-%m-%d %H:%M} UTC, {days} day{'s' if days != 1 else ''} after the date given.",
            field=field,
        )


def _announce(keyword: BlockedKeyword, change: str) -> None:
    # This process reads the change at once (its own transaction sees it); others within RULE_CACHE_SECONDS.
    rules.invalidate()

    def send() -> None:
        rules.invalidate()
        keyword_change_announced.send(sender=BlockedKeyword, keyword=keyword, change=change)

    transaction.on_commit(send)


@transaction.atomic
def keyword_add(
    *, actor: User, word: str, effective_at: dt.datetime | None = None, note: str = "", now: dt.datetime | None = None
) -> BlockedKeyword:
    """M5.4: announce a blocked keyword; it acts from ``effective_at``, at least 14 days from now."""
    policies.keyword_can_change(actor).enforce()
    word, key = _keyword_word(word)
    now = now or timezone.now()
    effective_at = effective_at or now + NOTICE
    _notice_refusal(effective_at, now, "effective_at", "A new keyword's effective date")
    if BlockedKeyword.objects.filter(key=key, retire_announced_at__isnull=True).exists():
        raise StateConflict("M5.4", f"“{word}” is already on the blocklist.")
    keyword = BlockedKeyword.objects.create(
        word=word, key=key, announced_at=now, effective_at=effective_at, announced_by=actor, note=note[:255]
    )
    audit_record(
        actor=actor,
        subject=keyword,
        action="keyword_announced",
        reason=f"“{word}” blocked from {effective_at:%Y-%m-%d %H:%M} UTC.",
        data={"effective_at": effective_at.isoformat()},
    )
    _announce(keyword, "added")
    return keyword


@transaction.atomic
def keyword_reschedule(
    *, actor: User, keyword: BlockedKeyword, effective_at: dt.datetime, now: dt.datetime | None = None
) -> BlockedKeyword:
    """Move an announced keyword's effective date (still at least 14 days after it was announced); a keyword
    already in force keeps its date (retire it instead)."""
    policies.keyword_can_change(actor).enforce()
    now = now or timezone.now()
    keyword = locked_for_change(
        BlockedKeyword, keyword.pk, policy=lambda locked: policies.keyword_can_change(actor, locked)
    )
    if keyword.effective_at <= now:
        raise StateConflict("M5.4", f"“{keyword.word}” is already in force; retire it to lift it.")
    _notice_refusal(effective_at, keyword.announced_at, "effective_at", "The keyword's effective date")
    previous = keyword.effective_at
    keyword.effective_at = effective_at
    save_versioned(keyword, "effective_at")
    audit_record(
        actor=actor,
        subject=keyword,
        action="keyword_rescheduled",
        reason=f"“{keyword.word}” now blocked from {effective_at:%Y-%m-%d %H:%M} UTC (was {previous:%Y-%m-%d}).",
    )
    _announce(keyword, "rescheduled")
    return keyword


@transaction.atomic
def keyword_retire(
    *, actor: User, keyword: BlockedKeyword, retire_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> BlockedKeyword:
    """Lift a keyword: one in force stays in force for 14 more days (the same notice); one not yet in force is
    withdrawn from its effective date on, so it never acts."""
    policies.keyword_can_change(actor).enforce()
    now = now or timezone.now()
    keyword = locked_for_change(
        BlockedKeyword, keyword.pk, policy=lambda locked: policies.keyword_can_change(actor, locked)
    )
    if keyword.effective_at > now:
        retire_at = retire_at or keyword.effective_at
        retire_at = min(retire_at, keyword.effective_at)
    else:
        retire_at = retire_at or now + NOTICE
        _notice_refusal(retire_at, now, "retire_at", "A keyword's retirement")
    keyword.retire_announced_at = now
    keyword.retired_at = retire_at
    keyword.retired_by = actor
    save_versioned(keyword, "retire_announced_at", "retired_at", "retired_by")
    audit_record(
        actor=actor,
        subject=keyword,
        action="keyword_retired",
        reason=f"“{keyword.word}” lifted from {retire_at:%Y-%m-%d %H:%M} UTC.",
    )
    _announce(keyword, "retired")
    return keyword


# ----------------------------------------------------------------------------------------------------------
# Exemptions (M5.5)
# ----------------------------------------------------------------------------------------------------------

MAX_JUSTIFICATION = 5_000


@transaction.atomic
def exemption_request(
    *,
    actor: User,
    sub_account: SubAccount | int,
    word: str,
    justification: str,
    examples: str = "",
    campaign: Campaign | int | None = None,
    now: dt.datetime | None = None,
) -> KeywordExemption:
    """M5.5: a customer asks to send a blocked keyword; it waits in the ``keyword_request`` queue."""
    policies.exemption_can_request(actor).enforce()
    sub_account = _visible_sub_account(actor, sub_account)
    errors: dict[str, list[str]] = {}
    justification = (justification or "").strip()
    if not justification:
        errors["justification"] = ["Say why the messages need this word; compliance decides on it."]
    elif len(justification) > MAX_JUSTIFICATION:
        errors["justification"] = [f"{len(justification):,} characters, at most {MAX_JUSTIFICATION:,}."]
    if len(examples or "") > MAX_JUSTIFICATION:
        errors["examples"] = [f"{len(examples):,} characters, at most {MAX_JUSTIFICATION:,}."]
    try:
        word, key = _keyword_word(word)
    except DomainError as exc:
        errors.update(exc.errors)
        key = ""
    found_campaign = None
    if campaign not in (None, ""):
        pk = campaign.pk if isinstance(campaign, Campaign) else campaign
        found_campaign = Campaign.objects.visible_to(actor).filter(pk=pk, brand__sub_account=sub_account).first()
        if found_campaign is None:
            errors["campaign"] = [f"No campaign #{pk} in {sub_account.friendly_name}."]
    if key and not errors:
        now = now or timezone.now()
        listed = BlockedKeyword.objects.filter(key=key).exclude(retired_at__lte=now).exists()
        if not listed:
            errors["word"] = [f"“{word}” is not on the keyword blocklist; messages may already use it."]
    if errors:
        raise DomainError("invalid", "The request is incomplete.", errors=errors)
    exemption = KeywordExemption.objects.create(
        sub_account=sub_account,
        account_id=sub_account.account_id,
        campaign=found_campaign,
        word=word,
        key=key,
        justification=justification,
        examples=(examples or "").strip(),
        created_by=actor,
    )
    exemption.submit(by=actor, reason=justification[:500])
    exemption.save()
    return exemption


@transaction.atomic
def exemption_decide(
    *,
    actor: User,
    exemption: KeywordExemption,
    decision: str,
    reason: str = "",
    scope: str | None = None,
    expires_at: dt.datetime | None = None,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> KeywordExemption:
    """M5.5: approve within a scope (the sub-account or the request's campaign) and optional expiry, or refuse
    with a reason. Final: a decided request refuses another decision."""
    policies.exemption_can_decide(actor).enforce()
    now = now or timezone.now()
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in ExemptionDecision.values:
        errors["decision"] = [f"“{decision}” is not a decision; use approve or refuse."]
    if decision == ExemptionDecision.REFUSE and not reason:
        errors["reason"] = ["Say why the request is refused; the customer reads it."]
    if decision == ExemptionDecision.APPROVE:
        if scope not in ExemptionScope.values:
            errors["scope"] = ["Choose the scope: the whole sub-account or the request's campaign."]
        if expires_at is not None and expires_at <= now:
            errors["expires_at"] = [f"The expiry {expires_at:%Y-%m-%d %H:%M} UTC has already passed."]
    if errors:
        raise DomainError("invalid", "The decision is incomplete.", errors=errors)
    exemption = locked_for_change(
        KeywordExemption.objects.select_related("sub_account__account", "campaign"),
        exemption.pk,
        of=("self",),
        precondition=lambda locked: policies.exemption_can_decide(actor, locked),
        version=expected_version,
    )
    guard_decision(actor=actor, subject=exemption)
    if decision == ExemptionDecision.APPROVE:
        if scope == ExemptionScope.CAMPAIGN and exemption.campaign_id is None:
            raise DomainError(
                "invalid", "The request names no campaign: approve it for the sub-account.", field="scope"
            )
        exemption.scope = scope
        exemption.expires_at = expires_at
        exemption.approve(by=actor, reason=reason or "Approved.")
    else:
        exemption.refuse(by=actor, reason=reason)
    exemption.decision_reason = reason
    exemption.decided_by = actor
    exemption.decided_at = now
    save_versioned(exemption, "status", "scope", "expires_at", "decision_reason", "decided_by", "decided_at")
    return exemption


# ----------------------------------------------------------------------------------------------------------
# Brand-owned domains (M5.6)
# ----------------------------------------------------------------------------------------------------------


def clean_domain(value: str, *, field: str = "domain") -> str:
    host = host_of(value or "")
    if not host or not registered_domain(host):
        raise DomainError("invalid", f"“{value}” is not a domain name (e.g. go.acme.com).", field=field)
    return host


@transaction.atomic
def brand_domain_confirm(*, actor: User, brand: Brand, domain: str, note: str = "") -> BrandDomain:
    """Staff confirm that ``brand`` owns ``domain``: its links (shortened ones too) pass the at-send check."""
    policies.branddomain_can_confirm(actor).enforce()
    host = clean_domain(domain)
    if BrandDomain.objects.filter(brand=brand, domain=host).exists():
        raise StateConflict("M5.6", f"{host} is already confirmed for {brand}.")
    row = BrandDomain.objects.create(brand=brand, domain=host, note=note[:255], confirmed_by=actor)
    audit_record(actor=actor, subject=row, action="brand_domain_confirmed", reason=f"{host} confirmed for {brand}.")
    transaction.on_commit(rules.invalidate)
    return row


def as_aware(value: Any) -> dt.datetime | None:
    """A date or datetime from a form or the API as an aware UTC datetime (a date means its start, UTC)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise DomainError("invalid", f"“{value}” is not a date.")
