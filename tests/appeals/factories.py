"""Appeals driven through the real services."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from appeals import services
from brands import services as brand_services
from tests.appeals.samples import sample_bytes
from vetting import services as vet_services


def multipage_pdf(pages: int = 3) -> bytes:
    """A real PDF of ``pages`` pages, each a different colour with its number drawn large (told apart when paging)."""
    from PIL import Image, ImageDraw

    colours = ["#f4d03f", "#5dade2", "#58d68d", "#ec7063", "#af7ac5"]
    images = []
    for number in range(1, pages + 1):
        image = Image.new("RGB", (612, 792), colours[(number - 1) % len(colours)])
        ImageDraw.Draw(image).text((60, 60), f"Page {number}", fill="black", font_size=96)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return out.getvalue()


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
