"""Appeals driven through the real services."""

from django.core.files.uploadedfile import SimpleUploadedFile

from appeals import services
from brands import services as brand_services
from tests.appeals.samples import sample_bytes
from vetting import services as vet_services


def upload(name: str = "ein-letter.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    ext = "." + name.rsplit(".", 1)[-1].lower()
    return SimpleUploadedFile(name, sample_bytes(ext) if content is None else content)


def registry_answered(brand, *, analyst, identity_status="UNVERIFIED"):
    """The registry's identity result recorded: an identity appeal contests a result, so there must be one (A2)."""
    brand_services.brand_record_identity(
        actor=analyst, brand=brand, identity_status=identity_status, reason="Registry could not match the EIN"
    )
    brand.refresh_from_db()
    return brand


def failed_vet(*, customer, analyst, brand, vendor="AEGIS"):
    vet = vet_services.vet_request(actor=customer, brand=brand, vet_class="STANDARD", vendor=vendor)
    return vet_services.vet_record_result(
        actor=analyst, vet=vet, status="FAILED", score=12, token=f"T-{vendor}-{vet.pk}"
    )


def draft_appeal(*, customer, brand=None, vet=None, categories=("VERIFY_TAX_ID",), files=1):
    appeal = services.appeal_open(
        actor=customer, brand=brand, vet=vet, categories=list(categories), explanation="The EIN letter matches."
    )
    for i in range(files):
        services.evidence_add(actor=customer, appeal=appeal, upload=upload(f"letter-{i}.pdf"))
    return appeal
