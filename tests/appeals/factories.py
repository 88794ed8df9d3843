"""Appeals driven through the real services."""

from django.core.files.uploadedfile import SimpleUploadedFile

from appeals import services
from tests.appeals.samples import sample_bytes
from vetting import services as vet_services


def upload(name: str = "ein-letter.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    ext = "." + name.rsplit(".", 1)[-1].lower()
    return SimpleUploadedFile(name, sample_bytes(ext) if content is None else content)


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
