"""The private storage: local disk by default, S3 through django-storages in production."""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from compliance_portal.settings.storage import private_storage_config


@pytest.fixture
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def use_private_storage(settings):
    def configure(config):
        settings.STORAGES = {**settings.STORAGES, "private": config}
        storages._storages.pop("private", None)
        return storages["private"]

    yield configure
    storages._storages.pop("private", None)


def test_default_private_storage_is_local_and_has_no_public_url(use_private_storage, tmp_path):
    storage = use_private_storage(private_storage_config(bucket=None, local_root=tmp_path))
    name = storage.save("evidence/a.txt", ContentFile(b"hello"))
    assert (tmp_path / name).read_bytes() == b"hello"
    assert storage.url(name).startswith("/private-files-are-not-served/")
    storage.delete(name)
    assert not storage.exists(name)


def test_s3_backend_writes_reads_and_deletes_against_a_local_endpoint(use_private_storage, s3_endpoint):
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    ).create_bucket(Bucket="compliance-private")
    storage = use_private_storage(
        private_storage_config(
            bucket="compliance-private",
            local_root=None,
            endpoint_url=s3_endpoint,
            region="us-east-1",
            access_key="test",
            secret_key="test",
        )
    )
    assert storage.__class__.__name__ == "S3Storage"
    name = storage.save("evidence/report.pdf", ContentFile(b"%PDF-1.7 test"))
    second = storage.save("evidence/report.pdf", ContentFile(b"other"))
    assert second != name  # never overwritten
    with storage.open(name) as fh:
        assert fh.read() == b"%PDF-1.7 test"
    assert storage.size(name) == len(b"%PDF-1.7 test")
    url = storage.url(name)
    assert "X-Amz-Signature" in url  # private objects are reached only by presigned URL (SigV4)
    storage.delete(name)
    storage.delete(second)
    assert not storage.exists(name)
