"""Demo accounts and users (part of ``seed_demo``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .choices import Role
from .models import Account, SubAccount, User
from .services import user_create

#: One end brand per sub-account (S3): the second instance of Acme Dental and the City of Beacon each have their own.
ACCOUNTS = {
    "Acme Messaging": ["Acme Dental", "Acme Realty", "Acme Foundation", "Acme Coffee", "Acme Dental West"],
    "Beacon Telecom": ["Beacon Retail", "Beacon Civic", "Beacon City Alerts"],
}
USERS = [
    ("analyst", Role.ANALYST, None),
    ("manager", Role.MANAGER, None),
    ("customer-a", Role.CUSTOMER, "Acme Messaging"),
    ("customer-b", Role.CUSTOMER, "Beacon Telecom"),
]


@dataclass
class DemoAccounts:
    accounts: dict[str, Account]
    sub_accounts: dict[str, SubAccount]
    users: dict[str, User]


def seed() -> DemoAccounts:
    password = settings.DEMO_PASSWORD
    accounts: dict[str, Account] = {}
    sub_accounts: dict[str, SubAccount] = {}
    for account_name, subs in ACCOUNTS.items():
        account, _ = Account.objects.get_or_create(name=account_name)
        accounts[account_name] = account
        for sub_name in subs:
            sub_accounts[sub_name], _ = SubAccount.objects.get_or_create(account=account, name=sub_name)
    users: dict[str, User] = {}
    for username, role, account_name in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=password,
                role=role,
                account=accounts[account_name] if account_name else None,
                email=f"{username}@example.com",
            )
        else:
            # Re-running with another DEMO_PASSWORD takes effect.
            user.set_password(password)
            user.save(update_fields=["password"])
        users[username] = user
    return DemoAccounts(accounts=accounts, sub_accounts=sub_accounts, users=users)
