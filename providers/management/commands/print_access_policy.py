from pathlib import Path

from django.core.management.base import BaseCommand

from providers.access_table import markdown


class Command(BaseCommand):
    help = "Print who may do what, from the access policy (docs/access.md is its output)."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="PATH", help="write to PATH instead of printing")

    def handle(self, *args, write=None, **options):
        text = markdown()
        if write:
            Path(write).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {write}")
        else:
            self.stdout.write(text, ending="")
