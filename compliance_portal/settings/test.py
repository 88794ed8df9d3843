"""Test settings: the base settings with fast hashing and an isolated private storage."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
if STORAGES["private"]["BACKEND"].endswith("FileSystemStorage"):
    PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cp-test-private-"))
    STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_MEDIA_ROOT)

# Tests serve static files straight from the finders (no collectstatic step).
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="cp-test-static-"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
