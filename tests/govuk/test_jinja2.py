"""The govuk app's Jinja2 environment: its functions, its filters, and what it knows."""

import ast
import datetime
from pathlib import Path

import pytest
from django.template import engines
from django.urls import set_script_prefix
from jinja2 import Environment

from govuk.jinja2 import _drawn_once, environment, macro

GOVUK_DIR = Path(__file__).resolve().parents[2] / "govuk"
PROJECT_APPS = {
    "register_trainees",
    "edge",
    "pages",
    "accounts",
    "providers",
    "trainees",
    "demo",
    "scale",
}


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_urlencode_encodes_every_reserved_character_slashes_included():
    # A return_to parameter carries a path: its "/" must not end the value.
    assert render("{{ url|urlencode }}", url="/trainees/a b/?x=1&y=2") == (
        "%2Ftrainees%2Fa%20b%2F%3Fx%3D1%26y%3D2"
    )


def test_govuk_dates_and_times_in_the_uk_time_zone():
    summer_evening = datetime.datetime(2027, 7, 5, 17, 49, tzinfo=datetime.UTC)
    assert render("{{ d|govuk_date }} at {{ d|govuk_time }}", d=summer_evening) == (
        "5 July 2027 at 6:49pm"
    )
    assert render("{{ d|govuk_date }}", d=datetime.date(2027, 1, 5)) == "5 January 2027"
    midday = datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC)
    assert render("{{ d|govuk_time }}", d=midday) == "12:00pm"
    assert render("{{ d|date('c') }}", d=summer_evening) == "2027-07-05T18:49:00+01:00"
    assert render("{{ none|govuk_date }}{{ none|govuk_time }}", none=None) == ""


def test_number_and_text_filters():
    assert render("{{ n|intcomma }} record{{ n|pluralize }}", n=1234) == "1,234 records"
    assert render("{{ n|intcomma }} record{{ n|pluralize }}", n=1) == "1 record"
    assert render("{{ text|capfirst }}", text="the record is withdrawn") == (
        "The record is withdrawn"
    )


def test_url_and_static():
    assert render("{{ url('trainees:list') }}") == "/trainees/"
    public_id = "0b8e7f4c-5d7a-4e0a-9b3e-2f6a1c9d8e7f"
    assert render("{{ url('trainees:record', id) }}", id=public_id) == f"/trainees/{public_id}/"
    assert render("{{ static('css/application.css') }}") == "/assets/css/application.css"


def test_urls_kept_for_the_process_follow_the_script_prefix_and_the_settings(settings):
    """url() and static() remember their answers (the layout asks for the same ones on
    every page); a service mounted under a prefix, or settings changed, get new ones."""
    assert render("{{ url('trainees:list') }}") == "/trainees/"
    set_script_prefix("/register/")
    try:
        assert render("{{ url('trainees:list') }}") == "/register/trainees/"
    finally:
        set_script_prefix("/")
    assert render("{{ url('trainees:list') }}") == "/trainees/"
    assert render("{{ static('css/application.css') }}") == "/assets/css/application.css"
    settings.STATIC_URL = "/elsewhere/"
    assert render("{{ static('css/application.css') }}") == "/elsewhere/css/application.css"


def test_text_is_escaped_and_an_undefined_name_prints_nothing():
    assert render("{{ text }}", text="<b>") == "&lt;b&gt;"
    assert render("[{{ nothing }}]") == "[]"


def test_the_service_adds_its_own_globals_and_filters_by_dotted_path():
    env = environment(
        globals={"day": "datetime.date"}, filters={"title": "django.utils.text.capfirst"}
    )
    assert isinstance(env, Environment)
    assert env.globals["day"] is datetime.date
    assert env.from_string("{{ 'abc'|title }}").render() == "Abc"
    assert "govuk_date" in env.filters and "error_summary" in env.globals
    # The project's settings list its own: the provider header lives in providers.
    assert engines["jinja2"].env.globals["provider_header"].__module__ == (
        "providers.template_globals"
    )


def test_the_macros_load_from_govuk_frontend_jinja():
    tag = render(
        '{% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}'
        '{{ govukTag({"text": "Draft", "classes": "govuk-tag--grey"}) }}'
    )
    assert tag.strip() == '<strong class="govuk-tag govuk-tag--grey">\n  Draft\n</strong>'


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", sorted(GOVUK_DIR.rglob("*.py")), ids=lambda p: p.name)
def test_the_govuk_app_knows_nothing_of_the_service(path):
    """Reusable as it is in another GOV.UK service: it imports none of this one's apps."""
    imported = {module.split(".")[0] for module in imported_modules(path)}
    assert not imported & PROJECT_APPS, path


def test_the_govuk_templates_know_nothing_of_the_service():
    for path in (GOVUK_DIR / "jinja2").rglob("*.html"):
        text = path.read_text()
        for word in ("trainee", "provider"):
            assert word not in text.lower(), path


def test_a_component_the_same_on_every_page_is_drawn_once():
    options = {"text": "Skip to main content", "href": "#main-content"}
    drawn = render("{{ component_once('skip-link', options) }}", options=options)
    assert drawn == str(macro(engines["jinja2"].env, "skip-link")(options))
    assert drawn.strip().startswith('<a href="#main-content" class="govuk-skip-link"')
    calls = _drawn_once.cache_info()
    render("{{ component_once('skip-link', options) }}", options=dict(reversed(options.items())))
    assert _drawn_once.cache_info().hits == calls.hits + 1
    assert _drawn_once.cache_info().misses == calls.misses
