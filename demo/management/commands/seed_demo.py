from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.personas import DEMO_PASSWORD, seed_users
from demo.providers import seed_memberships, seed_providers
from demo.trainees import seed_trainees


class Command(BaseCommand):
    help = (
        "Create the demo users (and, as the service grows, providers and trainees). "
        "Idempotent and deterministic. Refuses to run unless DEMO_MODE or DEBUG is on."
    )

    def handle(self, *args, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "seed_demo only runs with DEMO_MODE or DEBUG on: it creates users with a "
                "published password."
            )
        with transaction.atomic():
            users = seed_users()
            providers = seed_providers()
            seed_memberships(users, providers)
            new_trainees = seed_trainees(providers, created_by=users["admin@example.com"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} users (password {DEMO_PASSWORD}), "
                f"{len(providers)} providers, {new_trainees} new trainee records."
            )
        )
        for email in users:
            self.stdout.write(f"  {email}")
