"""Demo vets (part of ``seed_demo``): every vet status, an import, a political token and an expired vet."""

from __future__ import annotations

from accounts.demo import DemoAccounts
from brands.models import Brand

from . import services as vetting_services
from .models import Vet


def seed(brands: dict[str, Brand], base: DemoAccounts) -> None:
    if not Vet.objects.exists():
        _seed_vets(brands, base)


def _seed_vets(brands: dict[str, Brand], base: DemoAccounts) -> None:
    analyst, customer_a, customer_b = base.users["analyst"], base.users["customer-a"], base.users["customer-b"]
    # ACTIVE standard vet with a token → Acme Dental becomes VETTED_VERIFIED; its twin lacks the token.
    vet = vetting_services.vet_request(actor=customer_a, brand=brands["dental"], vet_class="STANDARD", vendor="AEGIS")
    vetting_services.vet_record_result(actor=analyst, vet=vet, status="COMPLETED", score=82, token="AEG-DEMO-7731")
    # FAIL (standard) on the foundation; PENDING enhanced nowhere else; REVIEW and UNSCORE on Beacon.
    vet = vetting_services.vet_request(actor=customer_a, brand=brands["foundation"], vet_class="STANDARD", vendor="WMC")
    vetting_services.vet_record_result(actor=analyst, vet=vet, status="FAILED", score=12, token="WMC-DEMO-0042")
    vet = vetting_services.vet_request(actor=customer_b, brand=brands["civic"], vet_class="STANDARD", vendor="AEGIS")
    vetting_services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW")
    vet = vetting_services.vet_request(actor=customer_b, brand=brands["city"], vet_class="STANDARD", vendor="WMC")
    vetting_services.vet_record_result(actor=analyst, vet=vet, status="UNSCORE")
    vetting_services.vet_request(actor=customer_a, brand=brands["foundation"], vet_class="ENHANCED", vendor="AEGIS")
    # Political: the non-exempt non-profit imports a Campaign Verify token (ACTIVE), then an old standard vet expires.
    vetting_services.vet_import(
        actor=customer_b, brand=brands["civic"], vet_class="POLITICAL", vendor="CV", token="CV-DEMO-2026-0001"
    )
    old = vetting_services.vet_request(actor=customer_b, brand=brands["city"], vet_class="ENHANCED", vendor="AEGIS")
    vetting_services.vet_record_result(actor=analyst, vet=old, status="ACTIVE", score=55)
    vetting_services.vet_record_result(actor=analyst, vet=old, status="EXPIRED")
