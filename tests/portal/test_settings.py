"""Settings come from the environment; production refuses to start without its variables."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "portal.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "compliance-private",
}
CONFIG_VARS = {"DATABASE_URL", "CELERY_BROKER_URL", "AWS_STORAGE_BUCKET_NAME", "DJANGO_SETTINGS_MODULE", "CI"}


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS and not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS and not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_default_is_sqlite_eager_celery_and_local_storage():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='compliance_portal.settings.base'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.STORAGES['private']['BACKEND'])"
    )
    result = _run(code, {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.files.storage.FileSystemStorage",
    ]


def test_environment_selects_postgres_broker_and_s3():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='compliance_portal.settings.base'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.STORAGES['private']['BACKEND'])"
    )
    result = _run(
        code,
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
            "CELERY_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",
            "AWS_STORAGE_BUCKET_NAME": "b",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "storages.backends.s3.S3Storage"]


def test_production_without_a_required_variable_stops_and_names_it():
    env = dict(PRODUCTION_ENV)
    del env["DATABASE_URL"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Missing required production environment variable(s): DATABASE_URL" in result.stderr


def test_production_check_deploy_reports_nothing():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
