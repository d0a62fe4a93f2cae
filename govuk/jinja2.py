"""The Jinja2 environment every page of a GOV.UK Django service renders through.

Django's Jinja2 backend builds it once per process, from ``TEMPLATES``::

    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "govuk.jinja2.environment",
            "context_processors": [...],
            # The service's own template functions, by dotted path.
            "globals": {"provider_header": "providers.template_globals.provider_header"},
        },
    }

and keeps it: templates and GOV.UK Frontend's macros compile once, and a macro's module
is imported once (``{% from "govuk_frontend_jinja/components/tag/macro.html" import
govukTag %}``). The macros come from govuk-frontend-jinja, the Jinja port of GOV.UK
Frontend's Nunjucks macros; tests/govuk/test_frontend_version.py checks that they draw
what the installed govuk-frontend npm package expects.
"""

import json
from functools import lru_cache
from urllib.parse import quote

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    pass_environment,
)
from markupsafe import Markup

from govuk.forms import error_summary_items, format_date

MACROS_PREFIX = "govuk_frontend_jinja"


def url(viewname: str, *args, **kwargs) -> str:
    """``{% url %}``: ``url("trainees:record", trainee.public_id)``."""
    try:
        return _reversed(
            get_script_prefix(), get_urlconf(), viewname, args, frozenset(kwargs.items())
        )
    except TypeError:  # an argument that cannot be a key
        return reverse(viewname, args=args or None, kwargs=kwargs or None)


@lru_cache(maxsize=4096)
def _reversed(prefix, urlconf, viewname, args, kwargs) -> str:
    # A page links to the same few URLs on every request (the layout's about ten):
    # reversed once a process for each script prefix and URLconf.
    return reverse(viewname, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@lru_cache(maxsize=256)
def static_url(path: str) -> str:
    """``{% static %}``: the layout names a dozen files a page, each looked up in the
    static files' manifest; the answer is the same for the life of the process."""
    return static(path)


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME"):
        _reversed.cache_clear()
        static_url.cache_clear()


def macro_name(component: str) -> str:
    """GOV.UK Frontend's name for a component's macro: "phase-banner" is govukPhaseBanner."""
    return "govuk" + "".join(word.capitalize() for word in component.split("-"))


def macro(environment: Environment, component: str):
    """A GOV.UK Frontend macro, for Python callers: ``macro(environment, "tag")``."""
    template = environment.get_template(f"{MACROS_PREFIX}/components/{component}/macro.html")
    return getattr(template.module, macro_name(component))


@lru_cache(maxsize=64)
def _drawn_once(environment: Environment, component: str, options: str) -> Markup:
    return Markup(macro(environment, component)(json.loads(options)))


@pass_environment
def component_once(
    environment: Environment, component: str, params: dict, slots: dict | None = None
) -> Markup:
    """A component whose options are the same on every page (the header, the footer), or
    one of a few (the service navigation, with its current item): drawn by its GOV.UK
    Frontend macro the first time, then reused.

    The layout's macros cost about 1.5 ms a page to draw (the header's crown alone is
    0.6 ms), as much as the 100 rows of the trainee list. Only for options that do not
    vary with the user or the request (plain strings, numbers, lists and dicts): a value
    that did would fill the cache and be shown to the wrong user. What does vary (a form
    with its CSRF token) goes in ``slots``, by slot name: the macro is drawn with a marker
    in each slot, and each page puts its own HTML in place of the marker.
    """
    slots = slots or {}
    markers = {name: f"<!--slot:{name}-->" for name in slots}
    options = {**params, "slots": {**params.get("slots", {}), **markers}} if slots else params
    html = _drawn_once(environment, component, json.dumps(options, sort_keys=True))
    for name, marker in markers.items():
        html = html.replace(marker, Markup(slots[name]))
    return Markup(html)


@pass_environment
def error_summary(environment: Environment, *forms) -> Markup:
    """The GOV.UK error summary for the forms on a page, each error linked to its field."""
    items = error_summary_items(*forms)
    if not items:
        return Markup("")
    summary = macro(environment, "error-summary")
    return summary({"titleText": "There is a problem", "errorList": items})


def govuk_date(value) -> str:
    """5 January 2027, the GOV.UK style."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return format_date(value)


def govuk_time(value) -> str:
    """5:49pm, the GOV.UK style (midday and midnight as 12pm and 12am)."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{value.hour % 12 or 12}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


def page_heading(form, default: str = "") -> str:
    """The page's H1: the label of the form's ``page_heading_field``, else ``default``.

    Pages use it for their title as well, so that the title always matches the H1.
    """
    name = getattr(form, "page_heading_field", None)
    if form is not None and name and name in form.fields:
        return str(form.fields[name].label)
    return default


def urlencode(value, safe: str = "") -> str:
    """Percent-encode a value for a query string, "/" included (Jinja's own keeps it)."""
    return quote(str(value), safe=safe)


def date(value, format_string: str) -> str:
    """Django's ``date`` filter, in the current time zone as Django templates show it."""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return defaultfilters.date(value, format_string)


GLOBALS = {
    "url": url,
    "static": static_url,
    "error_summary": error_summary,
    "component_once": component_once,
}
FILTERS = {
    "govuk_date": govuk_date,
    "govuk_time": govuk_time,
    "page_heading": page_heading,
    "urlencode": urlencode,
    "date": date,
    "intcomma": intcomma,
    "pluralize": defaultfilters.pluralize,
    "capfirst": capfirst,
}


def environment(*, globals: dict | None = None, filters: dict | None = None, **options):
    """A Jinja2 environment with GOV.UK Frontend's macros, Django's ``url`` and ``static``,
    the GOV.UK filters, and the service's own ``globals`` and ``filters`` (dotted paths)."""
    frontend = PrefixLoader({MACROS_PREFIX: PackageLoader("govuk_frontend_jinja")})
    loader = options.pop("loader", None)
    options["loader"] = ChoiceLoader([loader, frontend]) if loader else frontend
    env = Environment(**options)
    env.globals.update(GLOBALS)
    env.globals.update({name: import_string(path) for name, path in (globals or {}).items()})
    env.filters.update(FILTERS)
    env.filters.update({name: import_string(path) for name, path in (filters or {}).items()})
    return env
