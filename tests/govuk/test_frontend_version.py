"""GOV.UK Frontend's macros (govuk-frontend-jinja) draw what the installed npm package's
CSS and JavaScript expect.

Every component in GOV.UK Frontend's npm package ships ``fixtures.json``: examples of the
macro's options with the HTML the package's own Nunjucks macro draws for them. Each
component the service's templates import is drawn from every one of its fixtures and
compared, so that upgrading either package (package.json or pyproject.toml) cannot change
the markup unnoticed.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

from govuk.jinja2 import macro_name

PROJECT_DIR = Path(__file__).resolve().parents[2]
TEMPLATE_FOLDERS = (PROJECT_DIR / "templates", PROJECT_DIR / "govuk" / "jinja2")
COMPONENTS = Path(settings.NODE_MODULES_DIR) / "govuk-frontend" / "dist" / "govuk" / "components"
IMPORT = re.compile(r'"govuk_frontend_jinja/components/([a-z-]+)/macro\.html" import (govuk\w+)')
# Drawn from Python, macro(environment, "error-summary"), or once: component_once("header", ...)
CALL = re.compile(r'(?:macro\(environment, |component_once\()"([a-z-]+)"')
# govuk-frontend-jinja 4.x is the port of GOV.UK Frontend 6.
FRONTEND_MAJOR = 6
# Options added to GOV.UK Frontend after 6.0 that govuk-frontend-jinja 4.0 does not draw
# yet. The service uses none of them; a fixture that is not listed here must match.
NOT_IN_THE_MACROS_YET = {
    ("panel", "interruption"),
    ("panel", "interruption-with-content-with-long-line-length"),
    ("panel", "interruption-with-headings-content-and-lists"),
    ("panel", "interruption with custom classes"),
    ("panel", "interruption, with actions classes and attributes"),
    ("panel", "interruption, submit action"),
    ("panel", "interruption, button link"),
    ("panel", "interruption, no actions"),
    ("panel", "interruption, no actions items"),
    ("service-navigation", "with right-aligned language navigation"),
    ("service-navigation", "with `inline` end slot"),
    # The character count's count type (data-count-type, GOV.UK Frontend 6.x): the
    # feedback page counts characters by maxlength, as the default fixtures do.
    ("character-count", "with maxwords"),
    *(
        ("character-count", f"with count type '{kind}'{suffix}")
        for kind in ("characters", "words")
        for suffix in ("", " and value", " and error message", " and threshold")
    ),
    ("character-count", "with count type 'length'"),
}


def macros_used() -> dict[str, str]:
    """The components the service's templates import: folder name to macro name."""
    sources = [(PROJECT_DIR / "govuk" / "jinja2.py").read_text()]
    for folder in TEMPLATE_FOLDERS:
        sources += [path.read_text() for path in folder.rglob("*.html")]
    used = {}
    for source in sources:
        used.update(IMPORT.findall(source))
        used.update((component, macro_name(component)) for component in CALL.findall(source))
    return used


def fixtures() -> list:
    found = []
    for component, name in sorted(macros_used().items()):
        data = json.loads((COMPONENTS / component / "fixtures.json").read_text())
        for fixture in data["fixtures"]:
            if (component, fixture["name"]) in NOT_IN_THE_MACROS_YET:
                continue
            found.append(
                pytest.param(component, name, fixture, id=f"{component}: {fixture['name']}")
            )
    return found


def comparable(html: str) -> str:
    """HTML without the whitespace between tags, and one spelling of each quote entity."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    html = html.replace("&#34;", "&quot;").replace("&#x27;", "&#39;")
    return html.strip()


def test_the_npm_package_is_the_version_the_macros_follow():
    package = json.loads((COMPONENTS.parents[2] / "package.json").read_text())
    assert int(package["version"].split(".")[0]) == FRONTEND_MAJOR, package["version"]


def test_the_service_draws_components_with_the_macros():
    used = macros_used()
    assert {"tag", "error-summary", "header", "footer", "back-link", "panel"} <= set(used)
    assert used["phase-banner"] == "govukPhaseBanner"


@pytest.mark.parametrize(("component", "macro_name", "fixture"), fixtures())
def test_the_macro_draws_what_govuk_frontend_draws(component, macro_name, fixture):
    environment = engines["jinja2"].env
    module = environment.get_template(
        f"govuk_frontend_jinja/components/{component}/macro.html"
    ).module
    drawn = str(getattr(module, macro_name)(fixture["options"]))
    assert comparable(drawn) == comparable(fixture["html"])
