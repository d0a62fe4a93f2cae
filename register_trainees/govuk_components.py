"""One shared, cached Jinja environment for govuk-frontend-django's components.

govuk-frontend-django 0.22 builds a new Jinja environment, loader and template for every
component it renders (about 6.5 ms each on a 2-core machine: 656 ms for a 100-row table
with one tag per row). Its output depends only on the macro and the data, so the project
renders with one environment, each macro compiled and imported once, and calls the macro
directly. ``install_cached_environment`` runs once, from the app's ``ready()``.
tests/register_trainees/test_govuk_components.py checks that the output is unchanged and
the time budget.
"""

from functools import cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from jinja2 import Environment, PackageLoader, PrefixLoader, select_autoescape
from jinja2.runtime import Macro

# Kept so that tests can compare the package's own rendering with the cached one.
original_render = GovUKComponent.render


@cache
def jinja_environment() -> Environment:
    return Environment(
        loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        autoescape=select_autoescape(),
        # The macros ship inside an installed package: they never change while running.
        auto_reload=False,
        cache_size=-1,
    )


@cache
def macro(jinja2_template: str, macro_name: str) -> Macro:
    """The compiled macro itself.

    Importing it once matters: a template that says ``{% from ... import ... %}`` builds
    the macro's whole module again on every render.
    """
    module = jinja_environment().get_template(jinja2_template).module
    return getattr(module, macro_name)


def _drop_none(data: Any) -> None:
    # The macros treat a missing key and a key set to None differently; the package
    # removes None values before rendering, and so must we.
    if isinstance(data, list):
        for item in data:
            _drop_none(item)
    elif isinstance(data, dict):
        for key, value in list(data.items()):
            if value is None:
                del data[key]
            elif isinstance(value, (dict, list)):
                _drop_none(value)


def cached_render(
    self: GovUKComponent,
    template_name=None,
    context=None,
    renderer=None,
    component_data=None,
) -> SafeString:
    data = self.__dict__.copy()
    if component_data:
        data.update(component_data)
    _drop_none(data)
    return mark_safe(str(macro(self._jinja2_template, self._macro_name)(data)))


def install_cached_environment() -> None:
    GovUKComponent.render = cached_render
    GovUKComponent.__str__ = cached_render
    GovUKComponent.__html__ = cached_render


@cache
def tag_html(text: str, classes: str = "") -> SafeString:
    """A GOV.UK tag, rendered once per text and colour: lists show the same few per row."""
    from govuk_frontend_django.components.tag import GovUKTag

    return GovUKTag(text=text, classes=classes or None).render()
