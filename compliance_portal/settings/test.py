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

# pytest-django empties the database with TRUNCATE after each transactional test; the audit table's
# TRUNCATE guard (audit migration 0003) lets that through only for sessions opened with this setting, in a
# database named test_…. A plain session, `manage.py flush` or any real database is refused.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c audit.allow_truncate=on".strip()

# Throttling stays on, out of the way of the suite; tests/portal/test_throttling.py sets real limits.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "token": "100000/min"},
}
