"""What a request sees when PostgreSQL's bounded waits run out, and how tasks lengthen them.

Every connection starts with ``lock_timeout`` and ``statement_timeout`` (settings:
DB_LOCK_TIMEOUT, DB_STATEMENT_TIMEOUT). When a bound is hit PostgreSQL cancels the
statement, the service's transaction rolls back, and Django raises OperationalError:

- a row lock not granted in time (SQLSTATE 55P03, lock_not_available): someone else is
  saving the same record. 409, a page that says so and posts the same answers again;
- a statement cancelled for taking too long (57014, query_canceled): 503 with Retry-After,
  the answers kept in the same way.

DatabaseWaitMiddleware turns both into pages for every view, so each write path benefits
without a try/except of its own. ``server_error`` asks ``timeout_kind`` too, for the rare
timeout outside a view (a middleware), where it cannot tell what was saved.
"""

import logging
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.shortcuts import render

from edge.resubmission import resubmittable_fields

logger = logging.getLogger(__name__)

LOCK_NOT_AVAILABLE = "55P03"
QUERY_CANCELED = "57014"
LOCK_TIMEOUT = "lock"
STATEMENT_TIMEOUT = "statement"
RETRY_AFTER_SECONDS = "5"


def sqlstate(error: BaseException | None) -> str | None:
    """PostgreSQL's error code, from psycopg's exception behind Django's wrapper."""
    while error is not None:
        code = getattr(error, "sqlstate", None)
        if code:
            return code
        error = error.__cause__
    return None


def timeout_kind(error: BaseException | None) -> str | None:
    """LOCK_TIMEOUT, STATEMENT_TIMEOUT, or None for any other error (an outage: 503)."""
    if not isinstance(error, OperationalError):
        return None
    return {LOCK_NOT_AVAILABLE: LOCK_TIMEOUT, QUERY_CANCELED: STATEMENT_TIMEOUT}.get(
        sqlstate(error)
    )


def retry_context(request) -> dict:
    """How the page offers to try again: the same answers posted to the same address."""
    return {
        "retry_url": request.get_full_path(),
        "retry_method": "post" if request.method == "POST" else "get",
        # Everything the user sent but the CSRF token, which the page draws afresh.
        "fields": resubmittable_fields(request.POST) if request.method == "POST" else [],
    }


class DatabaseWaitMiddleware:
    """Pages for a view stopped by a lock timeout (409) or a statement timeout (503)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = timeout_kind(exception)
        if kind is None:
            return None
        # Expected under contention: a warning with the route, not an error with a trace.
        logger.warning("%s timeout: %s %s", kind, request.method, request.path)
        if kind == LOCK_TIMEOUT:
            return render(request, "record_busy.html", retry_context(request), status=409)
        response = render(request, "503_too_slow.html", retry_context(request), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response


@contextmanager
def longer_statement_timeout(seconds: int):
    """Let one task's statements run for up to ``seconds`` (0: no bound).

    Inside a transaction the bound is for that transaction only (SET LOCAL); outside one
    (VACUUM cannot run in a transaction) it is set for the connection and put back after.
    """
    if connection.vendor != "postgresql":
        yield
        return
    local = connection.in_atomic_block
    with connection.cursor() as cursor:
        if not local:
            cursor.execute("SELECT current_setting('statement_timeout')")
            previous = cursor.fetchone()[0]
        # SET takes no parameters; set_config does (its third argument: SET LOCAL).
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, %s)", [str(seconds * 1000), local]
        )
    try:
        yield
    finally:
        if not local:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [previous])
