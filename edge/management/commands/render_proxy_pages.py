"""Write the GOV.UK page nginx shows when the app cannot answer (deploy/nginx/).

    python manage.py render_proxy_pages FOLDER

Run after collectstatic: the page links the collected (hashed) stylesheets, which nginx
serves itself, so the page keeps its GOV.UK look while the app is down.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.template import loader

from edge.views import error_page_context

PROXY_PAGES = {"unavailable.html": "503.html"}


class Command(BaseCommand):
    help = "Write the GOV.UK error pages nginx serves when the app cannot answer."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        folder.mkdir(parents=True, exist_ok=True)
        # As server_error renders them: no request, no session, no database.
        for name, template in PROXY_PAGES.items():
            page = loader.get_template(template).render(error_page_context())
            (folder / name).write_text(page)
            self.stdout.write(f"wrote {folder / name}")
