import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run there unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.core.management import call_command  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from tests.conftest import chromium_path  # noqa: E402

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DEMO_PASSWORD = "Register-demo-2026"

# Chromium's own background traffic is refused by this machine's closed network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Every wait of Playwright's that takes a timeout fails after one of these with what it waited
# for. Those that take none (new_page, close, evaluate, and so axe) are bounded by
# pytest-timeout ([tool.pytest] in pyproject.toml), which fails the run with their stacks.
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 5_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's contexts (closed after the test), with finite default timeouts.
    A test that needs a context of its own (JavaScript off) asks for this, not the browser."""

    def bounded_context(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        return context

    return bounded_context


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": CHROMIUM_ARGS,
    }


def is_govuk_conditional_reveal_state(violation) -> bool:
    """GOV.UK Frontend's own ``aria-expanded`` on a radio or checkbox that reveals a question.

    axe reports it (aria-allowed-attr), and GOV.UK keeps it on purpose: screen readers
    announce it and research found it helps (alphagov/govuk-frontend#979, a known issue of
    the component). Only that attribute on those inputs is let through; anything else
    under the same rule still fails.
    """
    if violation["id"] != "aria-allowed-attr":
        return False
    for node in violation["nodes"]:
        html = node["html"]
        reveals = 'aria-controls="conditional-' in html and (
            'class="govuk-radios__input"' in html or 'class="govuk-checkboxes__input"' in html
        )
        only_expanded = all(
            str(item).startswith("aria-expanded=")
            for check in node["any"] + node["all"] + node["none"]
            for item in (check.get("data") or [])
        )
        if not (reveals and only_expanded):
            return False
    return True


class BrowserChecks:
    """Watches a page for failed requests and console errors, and runs axe on demand."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.failed_requests = []
        self.console_errors = []
        self.pages_checked = []
        self._axe = Axe()
        page.on("requestfailed", self._record_failure)
        page.on("response", self._record_response)
        page.on("console", self._record_console)

    def _record_failure(self, request):
        # A request cut short because the page navigated away did not fail.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _record_response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed_requests.append(f"{response.status} {response.url}")

    def _record_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def goto(self, path):
        return self.page.goto(self.base_url + path)

    def assert_accessible(self):
        results = self._axe.run(
            self.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        self.pages_checked.append(self.page.url)
        results.response["violations"] = [
            violation
            for violation in results.response["violations"]
            if not is_govuk_conditional_reveal_state(violation)
        ]
        assert results.violations_count == 0, (
            f"axe found violations on {self.page.url}:\n{results.generate_report()}"
        )

    def assert_assets_loaded(self):
        assert self.failed_requests == [], f"requests failed: {self.failed_requests}"


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def browser_checks(page, live_server):
    checks = BrowserChecks(page, live_server.url)
    yield checks
    checks.assert_assets_loaded()


def sign_in(checks, email, password=DEMO_PASSWORD):
    page = checks.page
    checks.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="session")
def browser_oidc_provider(live_server):
    """The test OpenID provider, with the live server's addresses registered."""
    from tests.oidc.server import running_provider

    with running_provider([live_server.url]) as provider:
        yield provider


@pytest.fixture
def dfe_sign_in_checks(browser_checks, browser_oidc_provider, settings):
    """Browser checks with the service signing in through the test OpenID provider."""
    browser_oidc_provider.configure(settings)
    # The provider's own login page asks Google for a font: this machine has no network.
    browser_checks.page.route(
        "https://fonts.googleapis.com/**",
        lambda route: route.fulfill(status=200, content_type="text/css", body=""),
    )
    return browser_checks


def sign_in_at_provider(checks, subject):
    """On the provider's own login page (oidc-provider's), sign in as ``subject``."""
    page = checks.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in")
    page.locator('input[name="login"]').fill(subject)
    page.locator('input[name="password"]').fill("any password")
    page.get_by_role("button", name="Sign-in").click()
