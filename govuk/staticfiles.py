"""Serve the front-end packages that npm installed, without copying them into the repo.

Only the files a page needs are exposed: GOV.UK Frontend's and MOJ Frontend's compiled
CSS and JavaScript (with their source maps, which the CSS and JS refer to) and their
fonts and images. The fonts and images sit at the root of STATIC_URL (/assets/),
where GOV.UK Frontend's CSS asks for them.
"""

from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


@dataclass(frozen=True)
class Package:
    directory: str  # relative to NODE_MODULES_DIR
    prefix: str  # where its files appear under STATIC_URL ("" for the root)
    patterns: tuple[str, ...]


PACKAGES = (
    Package("govuk-frontend/dist/govuk/assets", "", ("fonts/*", "images/*", "manifest.json")),
    Package("@ministryofjustice/frontend/moj/assets", "", ("images/*",)),
    Package(
        "govuk-frontend/dist/govuk",
        "govuk-frontend",
        (
            "govuk-frontend.min.css",
            "govuk-frontend.min.css.map",
            "all.bundle.js",
            "all.bundle.js.map",
        ),
    ),
    Package(
        "@ministryofjustice/frontend/moj",
        "moj-frontend",
        ("moj-frontend.min.css", "moj-frontend.min.css.map", "all.bundle.js", "all.bundle.js.map"),
    ),
)


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages = []
        for package in PACKAGES:
            storage = FileSystemStorage(
                location=Path(settings.NODE_MODULES_DIR) / package.directory
            )
            storage.prefix = package.prefix
            self.storages.append((package, storage))

    def check(self, **kwargs):
        missing = [
            package.directory
            for package, storage in self.storages
            if not Path(storage.location).is_dir()
        ]
        if missing:
            return [
                Error(
                    f"Front-end packages are not installed: {', '.join(missing)}.",
                    hint="Run `npm ci` (make run and make test do this for you).",
                    id="govuk.E001",
                )
            ]
        return []

    def _split(self, package: Package, path: str) -> str | None:
        if package.prefix:
            head = package.prefix + "/"
            if not path.startswith(head):
                return None
            path = path[len(head) :]
        if any(fnmatch(path, pattern) for pattern in package.patterns):
            return path
        return None

    def find(self, path, find_all=False, **kwargs):
        # Django 5.2 renamed the "all" argument to "find_all"; accept both.
        find_all = kwargs.pop("all", find_all)
        matches = []
        for package, storage in self.storages:
            relative = self._split(package, path)
            if relative is not None and storage.exists(relative):
                match = storage.path(relative)
                if not find_all:
                    return match
                matches.append(match)
        return matches if find_all else []

    def list(self, ignore_patterns):
        for package, storage in self.storages:
            if not Path(storage.location).is_dir():
                continue
            for path in utils.get_files(storage, ignore_patterns):
                if any(fnmatch(path, pattern) for pattern in package.patterns):
                    yield path, storage
