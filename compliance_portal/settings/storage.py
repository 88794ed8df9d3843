"""How the private storage (evidence, reports) is configured from the environment.

Kept apart from the settings module so the S3 test builds its storage through exactly the same
function that production settings use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def private_storage_config(
    *,
    bucket: str | None,
    local_root: Path,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
) -> dict[str, Any]:
    """Return the ``STORAGES["private"]`` entry: S3 when a bucket is named, else local disk."""
    if bucket:
        options: dict[str, Any] = {
            "bucket_name": bucket,
            "region_name": region or "us-east-1",
            "default_acl": "private",
            # Never overwrite: every stored object has a server-generated unique name.
            "file_overwrite": False,
            "querystring_auth": True,
            # SigV2 presigned URLs are refused by modern S3 endpoints.
            "signature_version": "s3v4",
        }
        if endpoint_url:
            options["endpoint_url"] = endpoint_url
            # Self-hosted S3-compatible endpoints rarely support virtual-host addressing.
            options["addressing_style"] = "path"
        if access_key and secret_key:
            options["access_key"] = access_key
            options["secret_key"] = secret_key
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # No base_url is ever routed: private files are only served by views that check access.
        "OPTIONS": {"location": str(local_root), "base_url": "/private-files-are-not-served/"},
    }
