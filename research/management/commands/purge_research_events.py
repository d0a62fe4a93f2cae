import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from research.models import Feedback, UsageEvent


class Command(BaseCommand):
    help = (
        "Delete usage events and feedback older than RESEARCH_RETENTION_DAYS (default 90). "
        "Run it daily (README, docs/research.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep this many days instead of RESEARCH_RETENTION_DAYS",
        )

    def handle(self, *args, days=None, **options):
        source = "RESEARCH_RETENTION_DAYS" if days is None else "--days"
        days = settings.RESEARCH_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(f"{source} must be 1 or more, not {days}: nothing was deleted")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        events, _ = UsageEvent.objects.filter(occurred_at__lt=cutoff).delete()
        feedback, _ = Feedback.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(
            f"Deleted {events} usage events and {feedback} feedback answers "
            f"from before {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)"
        )
