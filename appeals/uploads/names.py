"""A8: the file's name — shown to analysts and maybe put in a ``Content-Disposition`` header, so it must not
smuggle paths, control characters or right-to-left overrides; and its extension, which decides how the file
is opened later.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

from . import limits
from .refusals import UploadRefused

# Percent-decoding is repeated until the name is stable; a name still encoded after this many rounds is an attack.
_MAX_DECODE_ROUNDS = 3
# Names this long are refused before any decoding work is done on them (generous: percent-encoding triples a
# name's length each round).
_MAX_RAW_NAME_CHARS = 16 * 1024
_DISPLAY_CHARS = 100

# Unicode bidirectional controls: they reorder how a name is displayed ("invoice\u202efdp.exe" shows as
# "invoiceexe.pdf") without changing what it is.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters drawn like '/' or '\\' that NFKC leaves alone (U+2215 DIVISION SLASH, U+2044 FRACTION SLASH …) or
# maps to a real separator (the fullwidth and small forms): in a name they only serve to fake a folder path.
LOOKALIKE_SLASHES = frozenset(
    "\u2044\u2215\u2216\u2571\u2572\u27cb\u27cd\u29f5\u29f6\u29f7\u29f8\u29f9\u1735\ufe68\uff0f\uff3c"
)


def _display(text: str) -> str:
    """``text`` made safe to show: invisible and direction-changing characters written as escapes, long names cut."""
    shown = "".join(
        f"\\u{ord(ch):04x}" if ch in _BIDI_CONTROLS or not ch.isprintable() else ch for ch in text[: _DISPLAY_CHARS + 1]
    )
    return shown if len(text) <= _DISPLAY_CHARS else shown[:_DISPLAY_CHARS] + "…"


def clean_filename(raw: str) -> str:
    """The display name for the client's file name, or ``UploadRefused`` saying what is wrong with it.

    Nothing is silently repaired: ``../../etc/passwd.txt`` is refused, not turned into ``passwd.txt``, because a
    client that sends a path is either broken or probing, and either way the person should see why.
    """
    shown = _display(raw) or "(no name)"
    if len(raw) > _MAX_RAW_NAME_CHARS:
        raise UploadRefused(
            shown,
            f"{shown}: the file name is {len(raw):,} characters long; at most {limits.MAX_NAME_CHARS} are allowed.",
            reason="name",
            limit=limits.MAX_NAME_CHARS,
        )

    # Names arrive percent-encoded from some clients, and attackers encode twice ("%252e%252e%252f") to slip
    # "../" past a check that decodes once. Decode until stable, then check the decoded form.
    name = raw
    try:
        for _ in range(_MAX_DECODE_ROUNDS):
            decoded = unquote(name, errors="strict")
            if decoded == name:
                break
            name = decoded
        else:
            if unquote(name, errors="strict") != name:
                raise UploadRefused(
                    shown,
                    f"{shown}: the file name is percent-encoded more than {_MAX_DECODE_ROUNDS} times over; "
                    "rename the file to a plain name.",
                    reason="name",
                )
    except UnicodeDecodeError:
        raise UploadRefused(
            shown,
            f"{shown}: the file name contains a percent-encoded sequence that is not valid UTF-8; "
            "rename the file to a plain name.",
            reason="name",
        ) from None
    decoded_note = ", once percent-decoded," if name != raw else ""

    if "\x00" in name:
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains a NUL character (%00), which is used to hide a file's "
            "real extension; rename the file.",
            reason="name",
        )
    bidi = sorted({ch for ch in name if ch in _BIDI_CONTROLS})
    if bidi:
        which = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'DIRECTION CONTROL')}" for ch in bidi)
        raise UploadRefused(
            shown,
            f"{shown}: the file name contains Unicode direction controls ({which}) that make it display "
            "differently from what it is; rename the file.",
            reason="name",
        )
    controls = sorted({ch for ch in name if unicodedata.category(ch) in {"Cc", "Cs", "Zl", "Zp"}})
    if controls:
        which = ", ".join(f"U+{ord(ch):04X}" for ch in controls)
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains control characters ({which}); rename the file.",
            reason="name",
        )
    # Django's multipart parser silently drops every character str.isprintable() rejects (format characters such
    # as U+200B ZERO WIDTH SPACE, spaces other than U+0020, private-use and unassigned code points): refuse them
    # here too, so a name is never one thing to the client and another to us.
    invisible = sorted({ch for ch in name if not ch.isprintable()})
    if invisible:
        which = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}" for ch in invisible)
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains invisible or non-printable characters ({which}); "
            "rename the file.",
            reason="name",
        )
    lookalikes = sorted({ch for ch in name if ch in LOOKALIKE_SLASHES})
    if lookalikes:
        which = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'SLASH')}" for ch in lookalikes)
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains {which}, which looks like a folder separator ('/' or "
            "'\\'); rename the file.",
            reason="name",
        )
    # NFKC catches the remaining compatibility forms of the separators that some later normalisation could turn
    # into real ones.
    if any(sep in name or sep in unicodedata.normalize("NFKC", name) for sep in ("/", "\\")):
        parts = re.split(r"[/\\]", unicodedata.normalize("NFKC", name))
        why = "points outside its folder ('..') and " if any(p.strip() == ".." for p in parts) else ""
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} {why}contains a folder path ('/' or '\\'); file names may not "
            "contain folders — rename the file.",
            reason="name",
        )

    name = unicodedata.normalize("NFC", name)
    # Leading dots hide files on Unix, trailing dots and spaces are dropped by Windows: neither belongs in a name.
    unstripped, previous = name, None
    while previous != name:
        previous, name = name, name.strip().strip(".")
    if not name:
        if unstripped.strip() == "..":
            raise UploadRefused(
                shown, f"{shown}: the file name '..' means the parent folder; rename the file.", reason="name"
            )
        raise UploadRefused(shown, f"{shown}: the file has no name; rename it.", reason="name")
    if len(name) > limits.MAX_NAME_CHARS:
        raise UploadRefused(
            _display(name),
            f"{_display(name)}: the file name is {len(name):,} characters long; at most {limits.MAX_NAME_CHARS} are "
            f"allowed ({len(name) - limits.MAX_NAME_CHARS:,} too many).",
            reason="name",
            limit=limits.MAX_NAME_CHARS,
        )
    allowed_extension(name)
    return name


def rewritten_name_refusal(raw: str, rewritten: str | None) -> UploadRefused:
    """The refusal for a name that Django's multipart parser changed before anyone else saw it.

    The parser decodes HTML character references, keeps only the part after the last '/' or '\\' and drops
    unprintable characters, so ``../../etc/passwd.txt`` would quietly become ``passwd.txt`` and
    ``C:\\Users\\me\\scan.pdf`` ``scan.pdf``. A changed name is refused, never silently repaired: the message
    says what is wrong with the name as the client sent it.
    """
    try:
        clean_filename(raw)
    except UploadRefused as refusal:
        return refusal
    shown = _display(raw)
    unescaped = html.unescape(raw)
    if unescaped != raw:
        return UploadRefused(
            shown,
            f"{shown}: the file name contains HTML character references (such as “&#47;” or “&amp;”) that "
            f"change it into “{_display(unescaped)}”; rename the file to a plain name.",
            reason="name",
        )
    return UploadRefused(  # pragma: no cover - every rewrite the parser makes is caught above
        shown,
        f"{shown}: the file name was changed in transit to “{_display(rewritten or '')}”; rename the file to a "
        "plain name.",
        reason="name",
    )


def allowed_extension(name: str) -> str:
    """The lower-case extension of ``name`` (".pdf") if A8 allows it, else ``UploadRefused``.

    Only the last suffix counts: ``x.pdf.exe`` is an .exe to every operating system, whatever it pretends.
    """
    shown = _display(name)
    allowed = ", ".join(limits.ALLOWED_EXTENSIONS)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not suffix:
        raise UploadRefused(
            shown,
            f"{shown}: the file name has no extension, so its type is unknown; allowed types are {allowed}.",
            reason="extension",
        )
    if not stem.strip(" ."):
        raise UploadRefused(shown, f"{shown}: the file has no name before its extension; rename it.", reason="name")
    extension = "." + suffix.lower()
    if extension not in limits.ALLOWED_EXTENSIONS:
        raise UploadRefused(
            shown,
            f"{shown}: {_display(extension)} files are not accepted as evidence; allowed types are {allowed}.",
            reason="extension",
        )
    return extension
