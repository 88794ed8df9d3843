from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from appeals import demo as appeals_demo
from brands import demo as brands_demo
from campaigns import demo as campaigns_demo
from casework import demo as casework_demo
from vetting import demo as vetting_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo accounts, users and data. Safe to run repeatedly."

    @transaction.atomic
    def handle(self, *args, **options):
        base = accounts_demo.seed()
        brands = brands_demo.seed(base)
        vetting_demo.seed(brands, base)
        appeals_demo.seed(brands, base)
        campaigns_demo.seed(brands, base)
        casework_demo.seed(base)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(brands)} brands."))
        self.stdout.write(f"Logins (password: {settings.DEMO_PASSWORD}):")
        for username, user in base.users.items():
            suffix = f" ({user.account.name})" if user.account_id else ""
            self.stdout.write(f"  {username:<12} {user.role}{suffix}")
