"""M5.3: DNC imports — validation names the malformed line and imports nothing; a new version replaces the old one
at once; progress moves while the file is read; the API and pages are staff-only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from optouts import dnc, services
from optouts.models import DncImport, DncList
from optouts.numbers import dnc_line_key

pytestmark = pytest.mark.django_db


def numbers_file(count: int, *, start: int = 0, bad_line: int | None = None, header: bool = False) -> bytes:
    """``count`` distinct valid US numbers (a 212-area block), one per line; ``bad_line`` (1-based) replaced."""
    lines = [b"number,name"] if header else []
    for i in range(count):
        n = start + i
        lines.append(f"212{2000000 + n % 8000000:07d}".encode() if n < 8_000_000 else f"+4420{n:08d}".encode())
    if bad_line is not None:
        lines[bad_line - 1] = b"212-555-01x"
    return b"\n".join(lines) + b"\n"


def upload(manager, content: bytes, name: str = "National DNC", capture=None):
    file = SimpleUploadedFile("dnc.txt", content, content_type="text/plain")
    with capture(execute=True):
        result = services.dnc_upload(actor=manager, name=name, file=file)
    return DncImport.objects.get(pk=result.pk)


def key(line: str) -> int:
    return dnc_line_key(line.encode())


def test_M5_3_line_shapes():
    assert dnc_line_key(b"2125550100") == 12125550100
    assert dnc_line_key(b"12125550100") == 12125550100
    assert dnc_line_key(b"+12125550100\r") == 12125550100
    assert dnc_line_key(b"+442071838750") == 442071838750
    assert dnc_line_key(b'"2125550100",John') == 12125550100
    for bad in (b"1125550100", b"212555010", b"+0123456789", b"212 555 0100", b"abc", b"21255501000"):
        assert dnc_line_key(bad) is None, bad


def test_M5_3_100k_import_with_a_malformed_line_names_it_and_imports_nothing(
    manager, django_capture_on_commit_callbacks
):
    first = upload(manager, numbers_file(1000), capture=django_capture_on_commit_callbacks)
    assert (first.status, first.numbers) == ("done", 1000)
    assert dnc.listed(key("2122000005"))

    bad = upload(
        manager, numbers_file(100_000, start=5000, bad_line=73_512), capture=django_capture_on_commit_callbacks
    )
    assert bad.status == "failed"
    assert bad.error_line == 73_512
    assert "Line 73,512" in bad.error and "212-555-01x" in bad.error and "nothing was imported" in bad.error
    dnc_list = DncList.objects.get()
    # The list still holds the previous version, and nothing of the failed one is anywhere.
    assert (dnc_list.current_import_id, dnc_list.numbers) == (first.pk, 1000)
    assert dnc.listed(key("2122000005"))
    assert not dnc.listed(key("2122005000"))
    if dnc.is_postgres():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [dnc.stage_table(bad.pk)])
            assert cursor.fetchone()[0] is None


def test_M5_3_new_version_replaces_the_old_atomically(manager, django_capture_on_commit_callbacks, monkeypatch):
    first = upload(manager, numbers_file(1000), capture=django_capture_on_commit_callbacks)
    seen = {}
    real_switch = dnc.switch

    def observed_switch(*, new_version, old_version):
        # Up to the switch, the check still answers from the old version only.
        seen["old_listed"] = dnc.listed(key("2122000005"))
        seen["new_listed_before"] = dnc.listed(key("2122150000"))
        return real_switch(new_version=new_version, old_version=old_version)

    monkeypatch.setattr(dnc, "switch", observed_switch)
    second = upload(manager, numbers_file(100_000, start=100_000), capture=django_capture_on_commit_callbacks)
    assert second.status == "done" and second.numbers == 100_000
    assert seen == {"old_listed": True, "new_listed_before": False}
    dnc_list = DncList.objects.get()
    assert (dnc_list.current_import_id, dnc_list.numbers) == (second.pk, 100_000)
    assert not dnc.listed(key("2122000005"))
    assert dnc.listed(key("2122150000"))
    assert first.pk != second.pk


def test_M5_3_two_lists_both_apply_and_a_csv_header_is_skipped(manager, django_capture_on_commit_callbacks):
    upload(
        manager, b"number,source\n2125550100,complaint\n", name="Complaints", capture=django_capture_on_commit_callbacks
    )
    upload(manager, b"+442071838750\n\n3105550100\n", name="Internal", capture=django_capture_on_commit_callbacks)
    assert dnc.listed(12125550100) and dnc.listed(442071838750) and dnc.listed(13105550100)
    assert DncList.objects.count() == 2


def test_M5_3_progress_moves_while_reading(manager, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(dnc, "CHUNK_LINES", 10_000)
    monkeypatch.setattr(dnc, "READ_BYTES", 64 * 1024)
    seen = []
    real = services._progress

    def spy(import_id, size):
        report = real(import_id, size)

        def wrapped(read, lines):
            report(read, lines)
            seen.append(DncImport.objects.get(pk=import_id).progress)

        return wrapped

    monkeypatch.setattr(services, "_progress", spy)
    monkeypatch.setattr(services.time, "monotonic", iter(range(0, 10_000, 5)).__next__)
    done = upload(manager, numbers_file(50_000), capture=django_capture_on_commit_callbacks)
    assert done.progress == 100
    assert len(seen) >= 4 and seen == sorted(seen) and 0 < seen[0] < 100


def test_M5_3_upload_is_managers_only(analyst, customer_a):
    from core.errors import DomainError

    for user in (analyst, customer_a):
        with pytest.raises(DomainError) as refused:
            services.dnc_upload(actor=user, name="X", file=SimpleUploadedFile("a.txt", b"2125550100\n"))
        assert refused.value.code == "forbidden"
    assert not DncList.objects.exists()


def test_M5_3_api(api_for, manager, analyst, customer_a, django_capture_on_commit_callbacks):
    file = SimpleUploadedFile("dnc.csv", b"2125550100\n2125550101\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(manager).post("/api/v1/dnc-lists/", {"name": "API list", "file": file}, format="multipart")
    assert response.status_code == 202, response.content
    list_id = response.json()["id"]
    detail = api_for(analyst).get(f"/api/v1/dnc-lists/{list_id}/").json()
    assert (detail["name"], detail["status"], detail["progress"], detail["numbers"]) == ("API list", "done", 100, 2)
    assert api_for(analyst).post("/api/v1/dnc-lists/", {"name": "x"}, format="multipart").status_code == 403
    assert api_for(customer_a).get("/api/v1/dnc-lists/").status_code == 403
    assert api_for(customer_a).get(f"/api/v1/dnc-lists/{list_id}/").status_code == 403
    bad = SimpleUploadedFile("dnc.csv", b"2125550100\nnot a number\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(manager).post("/api/v1/dnc-lists/", {"name": "API list", "file": bad}, format="multipart")
    body = api_for(manager).get(f"/api/v1/dnc-lists/{list_id}/").json()
    assert body["status"] == "failed" and body["latest_import"]["error_line"] == 2
    assert body["numbers"] == 2


def test_M5_3_pages(client_for, manager, analyst, customer_a, django_capture_on_commit_callbacks):
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dnc-lists/", {"name": "Page list", "file": SimpleUploadedFile("d.txt", b"2125550100\n")}
        )
    assert response.status_code == 302
    dnc_list = DncList.objects.get()
    page = client.get(f"/dnc-lists/{dnc_list.pk}/")
    assert page.status_code == 200 and b"Imported" in page.content
    upload_row = dnc_list.imports.get()
    fragment = client.get(f"/dnc-lists/imports/{upload_row.pk}/progress/")
    assert fragment.status_code == 200 and b"hx-get" not in fragment.content  # finished: polling stops
    assert client_for(analyst).get("/dnc-lists/").status_code == 200
    customer = client_for(customer_a)
    for url in ("/dnc-lists/", f"/dnc-lists/{dnc_list.pk}/", f"/dnc-lists/imports/{upload_row.pk}/progress/"):
        assert customer.get(url).status_code == 403
