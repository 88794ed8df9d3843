from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from appeals import demo as appeals_demo
from brands import demo as brands_demo
from campaigns import demo as campaigns_demo
from casework import demo as casework_demo
from events import demo as events_demo
from geo import demo as geo_demo
from health import demo as health_demo
from notifications import demo as notifications_demo
from optouts import demo as optouts_demo
from senders import demo as senders_demo
from traffic import demo as traffic_demo
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
        senders_demo.seed(base, brands)
        geo_demo.seed(base, brands)
        traffic_demo.seed(base, brands)
        events_demo.seed(base, brands)
        health_demo.seed(base, brands)
        optouts_demo.seed(base, brands)
        casework_demo.seed(base)
        notifications_demo.seed(base, brands)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(brands)} brands."))
        self.stdout.write(f"Logins (password: {settings.DEMO_PASSWORD}):")
        for username, user in base.users.items():
            suffix = f" ({user.account.name})" if user.account_id else ""
            self.stdout.write(f"  {username:<12} {user.role}{suffix}")
