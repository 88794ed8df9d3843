"""The providers' verification secrets a customer enters (Twilio/Plivo auth token, Telnyx public key), kept
encrypted at rest and never shown back.

Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) with a key derived from ``SECRET_KEY`` by HKDF under a
label of its own, so the stored value is useless without the deployment's secret and a database dump does not
leak a customer's provider token. ``SECRET_KEY_FALLBACKS`` still decrypt (``MultiFernet``) while a rotated key
phases out; a value sealed under a key no longer configured cannot be read, and the customer enters it again.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_LABEL = b"compliance-portal events provider credential v1"


def _fernet_for(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=4)
def _keyring(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet_for(secret_key), *(_fernet_for(s) for s in fallbacks)])


def _current() -> MultiFernet:
    return _keyring(settings.SECRET_KEY, tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ())))


def seal(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode() if plaintext else ""


def unseal(token: str) -> str | None:
    """The plaintext, "" when nothing is stored, None when it cannot be read (its key is gone)."""
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        return None
