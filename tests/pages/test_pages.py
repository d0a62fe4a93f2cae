import html as html_lib
import re

import pytest

from tests.conftest import wear
from tests.factories import TraineeFactory
from tests.routes import signed_in_pages

pytestmark = pytest.mark.django_db

LAYOUT_MARKERS = (
    '<a href="#main-content" class="govuk-skip-link"',
    '<header class="govuk-template__header">',
    'class="govuk-header"',
    'class="govuk-service-navigation"',
    "Register trainee teachers</a>",
    'class="govuk-phase-banner',
    "give your feedback",
    '<main class="govuk-main-wrapper" id="main-content">',
    '<footer class="govuk-template__footer">',
    'class="govuk-footer"',
)

SIGNED_OUT_PAGES = {
    "/accounts/login/": "Sign in",
    "/accounts/password/reset/": "Reset your password",
    "/accounts/signup/": "You cannot create an account here",
    "/cookies/": "Cookies",
}


def without_indentation(html):
    """The page without the whitespace between tags that GOV.UK Frontend's macros leave."""
    return re.sub(r"\s*\n\s*", "", html)


def assert_layout(html):
    html = without_indentation(html)
    for marker in LAYOUT_MARKERS:
        assert marker in html, f"missing {marker!r}"


@pytest.mark.parametrize(("path", "title"), SIGNED_OUT_PAGES.items())
def test_signed_out_pages_use_the_govuk_layout_and_title(client, path, title):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert_layout(html)
    assert f"<title>{title} - Register trainee teachers - GOV.UK</title>" in html
    assert "Sign out" not in html


def test_the_start_page_title_names_the_service_once(client):
    html = client.get("/").content.decode()
    assert "<title>Register trainee teachers - GOV.UK</title>" in html
    assert '<h1 class="govuk-heading-xl">Register trainee teachers</h1>' in html
    accessibility = client.get("/accessibility/").content.decode()
    assert (
        "<title>Accessibility statement for Register trainee teachers - GOV.UK</title>"
        in accessibility
    )


def test_signed_in_pages_show_navigation_and_a_sign_out_button(signed_in_client):
    html = signed_in_client.get("/trainees/").content.decode()
    assert_layout(html)
    assert "<title>Trainee records - Register trainee teachers - GOV.UK</title>" in html
    assert 'aria-current="true"' in html
    assert '<form method="post" action="/accounts/logout/" class="app-sign-out-form">' in html


def test_persona_page_uses_the_layout(client, settings):
    settings.DEMO_MODE = True
    assert_layout(client.get("/accounts/personas/").content.decode())


def test_start_page_sends_signed_in_users_home(signed_in_client):
    response = signed_in_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/trainees/"


def test_start_page_has_a_start_button_to_sign_in(client):
    html = client.get("/").content.decode()
    assert (
        'href="/accounts/login/" role="button" draggable="false" class="govuk-button govuk-button--start"'
        in html
    )


def test_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_layout(html)
    assert "<title>Page not found - Register trainee teachers - GOV.UK</title>" in html


@pytest.mark.urls("tests.edge.error_urls")
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/boom/", 500, "Sorry, there is a problem with the service"),
        ("/suspicious/", 400, "Sorry, there is a problem with your request"),
        ("/forbidden/", 403, "You do not have permission to view this page"),
    ],
)
def test_error_pages_are_govuk_pages(client, path, status, heading):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert_layout(html)
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html


def test_a_form_posted_without_its_csrf_token_gets_a_govuk_page(user, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 403
    html = response.content.decode()
    assert_layout(html)
    assert "Sorry, we could not save your answer" in html


def test_static_assets_are_served_under_assets(client):
    for path in (
        "/assets/govuk-frontend/govuk-frontend.min.css",
        "/assets/govuk-frontend/all.bundle.js",
        "/assets/moj-frontend/moj-frontend.min.css",
        "/assets/moj-frontend/all.bundle.js",
        "/assets/fonts/bold-b542beb274-v2.woff2",
        "/assets/images/govuk-crest.svg",
        "/assets/images/favicon.svg",
        "/assets/images/icon-tag-remove-cross.svg",
        "/assets/manifest.json",
        "/assets/js/application.js",
        "/assets/css/application.css",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content if response.streaming else [response.content])
        response.close()


def test_package_sources_are_not_exposed(client):
    for path in ("/assets/govuk-frontend/index.scss", "/assets/package.json"):
        assert client.get(path).status_code == 404, path


def visible_text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html_lib.unescape(fragment)).split())


def test_every_signed_in_page_title_matches_its_heading(hat_client, alder):
    checked = 0
    for name, url in signed_in_pages(alder):
        wear(hat_client, alder)
        response = hat_client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", page, re.S).group(1)
        heading = visible_text(heading)
        service = "" if "Register trainee teachers" in heading else " - Register trainee teachers"
        expected = f"{heading}{service} - GOV.UK"  # the service named once
        assert visible_text(title) == expected, f"{name} ({url})"
        checked += 1
    assert checked >= 30


def test_every_signed_in_page_renders_jinja2_templates_only(hat_client, alder):
    """One template system: Django's test client lists the Django templates a response
    rendered, so every page (form widgets included) must list none."""
    checked = []
    for name, url in signed_in_pages(alder):
        wear(hat_client, alder)
        response = hat_client.get(url)
        assert response.templates == [], (name, [t.name for t in response.templates])
        if response.status_code == 200:
            checked.append(name)
    assert {"trainees:list", "trainees:record", "trainees:personal_details"} <= set(checked)
    trainee = TraineeFactory(provider=alder)
    with_errors = hat_client.post(
        f"/trainees/{trainee.public_id}/personal-details/",
        {"form_provider": alder.pk, "version": trainee.version, "date_of_birth_day": "40"},
    )
    assert "govuk-error-summary" in with_errors.content.decode()
    assert with_errors.templates == []
