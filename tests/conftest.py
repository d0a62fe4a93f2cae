import gc
import os
import shutil
import threading
import traceback
from pathlib import Path

import pytest

from providers.hat import HAT_SESSION_KEY
from tests.factories import ProviderFactory, member_of

DEFAULT_CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str | None:
    """The Chromium binary browser tests drive: CHROMIUM_PATH, else Debian's chromium."""
    candidate = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if Path(candidate).is_file() and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate) if os.sep not in candidate else None


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") in ("1", "true", "yes")


def pytest_report_header(config):
    path = chromium_path()
    if path:
        return f"browser tests: Chromium at {path}"
    reason = "browser tests: SKIPPED, no Chromium found (set CHROMIUM_PATH or install chromium)"
    return reason + (" but REQUIRE_BROWSER=1" if browser_required() else "")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    if browser_required():
        raise pytest.UsageError(
            "REQUIRE_BROWSER=1 but no Chromium binary was found at "
            f"{os.environ.get('CHROMIUM_PATH') or DEFAULT_CHROMIUM}. Install Debian's "
            "chromium (apt-get install chromium) or set CHROMIUM_PATH."
        )
    skip = pytest.mark.skip(reason="no Chromium binary found (set CHROMIUM_PATH)")
    for item in browser_items:
        item.add_marker(skip)


def write_suspended_greenlets(terminal):
    """The stacks of the greenlets that wait, with the line of the test that waits.

    Playwright's sync API waits by switching to the greenlet that runs its event loop, so
    the main thread's own stack shows only that loop; the test's call is in a greenlet.
    """
    try:
        from greenlet import greenlet
    except ImportError:
        return
    for waiting in [obj for obj in gc.get_objects() if isinstance(obj, greenlet)]:
        if waiting.gr_frame is not None:
            terminal.sep("~", title=f"Stack of a suspended greenlet ({id(waiting):#x})")
            terminal.write("".join(traceback.format_stack(waiting.gr_frame)))


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item, settings):
    """pytest-timeout's thread method ([tool.pytest] in pyproject.toml), which also names the
    test and prints the suspended greenlets' stacks before the plugin's dump of every
    thread's stack and its exit."""
    if settings.method != "thread":
        return None
    import pytest_timeout

    def expire():
        if not settings.disable_debugger_detection and pytest_timeout.is_debugging():
            return
        capture = item.config.pluginmanager.getplugin("capturemanager")
        if capture:
            capture.suspend_global_capture()
        terminal = item.config.get_terminal_writer()
        terminal.line()
        terminal.sep("+", title=f"{item.nodeid} ran past its timeout of {settings.timeout:g} s")
        write_suspended_greenlets(terminal)
        pytest_timeout.timeout_timer(item, settings)

    timer = threading.Timer(settings.timeout, expire)
    timer.name = f"pytest-timeout {item.nodeid}"
    timer.daemon = True

    def cancel():
        timer.cancel()
        timer.join()

    item.cancel_timeout = cancel
    timer.start()
    return True


@pytest.fixture(autouse=True)
def list_queries_compiled_afresh():
    """Each test compiles the list's and the record's queries itself, and reads its pages
    afresh. They are compiled once a process otherwise, by whichever test came first, and
    mutation testing (which records the tests that call each function) would credit that
    test alone."""
    from django.core.cache import caches

    from trainees import selectors

    for compiled in (
        selectors._compiled_part,
        selectors._compiled_search,
        selectors._record_query,
    ):
        compiled.cache_clear()
    caches["lists"].clear()


@pytest.fixture(scope="session", autouse=True)
def every_logger_enabled():
    """A session starts with every logger enabled. mutmut (`make mutation`) runs several
    pytest sessions in one process, and after its first, whole-suite session the loggers
    were left disabled, so the tests that read the logs found nothing in its second."""
    import logging

    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.disabled = False


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Under mutmut (`make mutation`) several pytest sessions run at once, one per mutant,
    each in its own process: on PostgreSQL each needs a test database of its own."""
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_mutant{os.getpid()}"


PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def provider(db):
    return ProviderFactory()


@pytest.fixture
def user(provider):
    """A user who works for one provider."""
    return member_of(provider, password=PASSWORD)


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the cache; one test's failed sign-ins must not block another's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alder(db):
    return ProviderFactory(name="Alder SCITT", code="1AL")


@pytest.fixture
def birch(db):
    return ProviderFactory(name="Birch University", code="2BI")


@pytest.fixture
def foreign(db):
    return ProviderFactory(name="Foreign Partnership", code="9FO")


@pytest.fixture
def multi_user(alder, birch):
    return member_of(alder, birch, first_name="Morgan", last_name="Multi")


def wear(client, provider):
    session = client.session
    session[HAT_SESSION_KEY] = provider.pk
    session.save()


@pytest.fixture
def hat_client(client, multi_user, alder, settings):
    """A user of two providers, in the hat model, acting for Alder."""
    settings.PROVIDER_MODEL = "hat"
    client.force_login(multi_user)
    wear(client, alder)
    return client


@pytest.fixture
def blended_client(client, multi_user, settings):
    settings.PROVIDER_MODEL = "blended"
    client.force_login(multi_user)
    return client


@pytest.fixture(scope="session")
def oidc_provider():
    """The test OpenID provider (tests/oidc/provider.mjs), for the Django test client."""
    from tests.oidc.server import running_provider

    with running_provider(["http://testserver"]) as provider:
        yield provider


@pytest.fixture
def dfe_sign_in(settings, oidc_provider):
    """The service signing in through the test OpenID provider."""
    oidc_provider.configure(settings)
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 2
    return oidc_provider
