"""Demo data of the senders app (called by ``manage.py seed_demo``): sender ids in every state (S1, S2), a
reseller account waiting for a manager's approval and one approved (S4), and one sub-account that broke S3 before
the rule existed (for the staff segregation list)."""

from __future__ import annotations

from accounts import services as account_services
from accounts.choices import Role
from accounts.models import Account, SubAccount, User
from brands import services as brand_services
from brands.models import Brand
from campaigns.choices import CampaignStatus
from campaigns.models import Campaign

from . import services
from .models import SenderId

RESELLERS = {
    # account: (customer, sub-account, brand data, approved by a manager?)
    "Crest Agency": ("customer-c", "Crest Bakery", "Crest Bakery LLC", "81-1000001", False),
    "Delta Platforms": ("customer-d", "Delta Gym", "Delta Gym Inc", "82-2000002", True),
}


def _campaigns(brand: Brand) -> list[Campaign]:
    return list(Campaign.objects.filter(brand=brand).exclude(status=CampaignStatus.CLOSED).order_by("pk"))


def _sender_ids(base, brands) -> None:
    if SenderId.objects.exists():
        return
    customer_a, customer_b = base.users["customer-a"], base.users["customer-b"]
    analyst = base.users["analyst"]
    dental = _campaigns(brands["dental"])
    approved = [c for c in dental if c.status == CampaignStatus.APPROVED]
    main = approved[0] if approved else dental[0]
    for number in ("+12025550181", "+12025550182", "+12025550183", "22395"):
        services.sender_assign(actor=customer_a, campaign=main, number=number)
    released = services.sender_assign(actor=customer_a, campaign=main, number="+12025550184")
    services.sender_release(actor=customer_a, sender=released, reason="Number ported away (demo).")
    suspended = services.sender_assign(actor=customer_a, campaign=main, number="+12025550185")
    services.sender_suspend(actor=analyst, sender=suspended, reason="Opt-outs not honoured from this number (demo).")
    # Reassigned within the brand (S1): the old row is released, the new one points back at it.
    other = next((c for c in dental if c.pk != main.pk), None)
    if other is not None:
        moved = services.sender_assign(actor=customer_a, campaign=main, number="+12025550186")
        services.sender_assign(actor=customer_a, campaign=other, number=moved.number)
    civic = _campaigns(brands["civic"])
    if civic:
        for number in ("+13125550191", "+13125550192"):
            services.sender_assign(actor=customer_b, campaign=civic[0], number=number)


def _customer(username: str, account: Account, password: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            username=username, password=password, role=Role.CUSTOMER, account=account, email=f"{username}@example.com"
        )
    return user


def _resellers(base) -> None:
    from django.conf import settings

    analyst, manager = base.users["analyst"], base.users["manager"]
    for account_name, (username, sub_name, legal_name, tax_id, approve) in RESELLERS.items():
        account, _ = Account.objects.get_or_create(name=account_name)
        sub_account, _ = SubAccount.objects.get_or_create(account=account, name=sub_name)
        customer = _customer(username, account, settings.DEMO_PASSWORD)
        base.accounts[account_name], base.sub_accounts[sub_name], base.users[username] = account, sub_account, customer
        if not Brand.objects.filter(sub_account=sub_account).exists():
            brand_services.brand_register(
                actor=customer,
                sub_account=sub_account,
                data={
                    "legal_name": legal_name,
                    "entity_type": "PRIVATE_PROFIT",
                    "tax_id": tax_id,
                    "vertical": "RETAIL",
                    "website": f"https://{sub_name.split()[0].lower()}.example.com",
                    "email": f"owner@{sub_name.split()[0].lower()}.example.com",
                    "phone": "+12025550170",
                },
            )
        account.refresh_from_db()
        if not account.reseller:
            account_services.account_mark_reseller(
                actor=analyst, account=account, reason="Registers brands for its agency clients (demo)."
            )
            account.refresh_from_db()
        if approve and account.reseller_pending:
            account_services.account_approve_reseller(
                actor=manager, account=account, reason="Agency contracts and client opt-in flows reviewed (demo)."
            )


def _legacy_segregation_violation(base) -> None:
    """S3's staff list needs a row: a sub-account that took a second end brand before the rule existed. Inserted
    directly (as the old data was), the only way past the registration check that now refuses it."""
    sub_account = base.sub_accounts["Delta Gym"]
    if Brand.objects.filter(sub_account=sub_account).exclude(tax_id="822000002").exists():
        return
    Brand.objects.create(
        sub_account=sub_account,
        legal_name="Delta Smoothie Bar LLC",
        entity_type="PRIVATE_PROFIT",
        tax_id="829000009",
        vertical="RETAIL",
        email="owner@deltasmoothie.example.com",
        phone="+12025550171",
    )


def seed(base, brands) -> None:
    _sender_ids(base, brands)
    _resellers(base)
    _legacy_segregation_violation(base)
