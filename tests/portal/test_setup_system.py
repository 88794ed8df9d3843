"""Issue 12 item 22: bin/setup-system says what Python it needs and adds python3.11-venv when missing."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require

FAKE_PYTHON = """#!/bin/sh
# Answers bin/setup-system's two probes: the version, and whether venv + ensurepip are importable.
case "$2" in
  *version_info*) echo {version} ;;
  *find_spec*) exit {ensurepip_missing} ;;
esac
"""


@pytest.fixture
def project(tmp_path):
    """A copy of bin/setup-system in a project folder without .venv (a fresh machine)."""
    require(bool(shutil.which("dpkg-query")), "needs Debian's dpkg-query")
    (tmp_path / "bin").mkdir()
    shutil.copy(Path(settings.BASE_DIR, "bin", "setup-system"), tmp_path / "bin" / "setup-system")
    return tmp_path


def _fake_python(folder: Path, *, version: str, ensurepip_missing: bool) -> Path:
    fake = folder / "fake-python"
    fake.write_text(FAKE_PYTHON.format(version=version, ensurepip_missing=int(ensurepip_missing)))
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def _setup_system(project: Path, python: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(project / "bin" / "setup-system"), *args],
        env={**os.environ, "PYTHON": python},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_wrong_python_version_is_refused_with_what_is_needed(project):
    fake = _fake_python(project, version="3.13", ensurepip_missing=False)
    result = _setup_system(project, str(fake), "--check")
    assert result.returncode == 1
    assert "Python 3.11 is needed" in result.stderr and "is Python 3.13" in result.stderr
    assert "PYTHON=/path/to/python3.11" in result.stderr


def test_missing_python_is_refused_with_what_is_needed(project):
    result = _setup_system(project, str(project / "no-such-python"), "--check")
    assert result.returncode == 1
    assert "Python 3.11 is needed" in result.stderr and "python3.11-venv" in result.stderr


def test_python_without_ensurepip_needs_the_venv_package(project, monkeypatch):
    fake = _fake_python(project, version="3.11", ensurepip_missing=True)
    # dpkg reports python3.11-venv as installed on this machine; a fake dpkg-query says it is not.
    fake_bin = project / "fake-bin"
    fake_bin.mkdir()
    dpkg = fake_bin / "dpkg-query"
    dpkg.write_text('#!/bin/sh\n[ "$3" = python3.11-venv ] && exit 1\nexec /usr/bin/dpkg-query "$@"\n')
    dpkg.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_bin}:{os.environ['PATH']}")
    result = _setup_system(project, str(fake), "--check")
    assert result.returncode == 1
    assert "python3.11-venv" in result.stderr and "apt-get install" in result.stderr


def test_python_311_with_venv_passes_and_is_idempotent(project):
    fake = _fake_python(project, version="3.11", ensurepip_missing=False)
    for _ in range(2):
        result = _setup_system(project, str(fake), "--check")
        assert result.returncode == 0, result.stderr


def test_an_existing_virtualenv_is_not_second_guessed(project):
    (project / ".venv" / "bin").mkdir(parents=True)
    venv_python = project / ".venv" / "bin" / "python"
    venv_python.write_text("#!/bin/sh\n")
    venv_python.chmod(0o755)
    fake = _fake_python(project, version="3.13", ensurepip_missing=True)
    result = _setup_system(project, str(fake), "--check")
    assert result.returncode == 0, result.stderr
