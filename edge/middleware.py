import json
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject, empty

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("register_trainees.requests")

HEALTH_CHECK_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answer /healthz before sessions, authentication or HTTPS redirects run.

    The check is one cheap round trip to the database, so it tells a load balancer
    whether this process can serve pages, without creating sessions or writing anything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_CHECK_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse("method not allowed\n", status=405, content_type="text/plain")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("health check failed: database unavailable (%s)", type(error).__name__)
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP and Permissions-Policy.

    The Content Security Policy allows no inline script or style and no eval: GOV.UK
    Frontend's ``js-enabled`` class and its start-up both come from static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read on each response: tests switch the sign-in method (and its form-action).
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def loaded_user(request):
    """The request's user if something already loaded it, else None.

    Loading it here would mean another database round trip; when the database is down
    (the reason loading failed) that is another wait for its timeout.
    """
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user


class NoStoreForSignedInUsersMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user.

    Signed-in pages hold trainees' personal data, which must not stay in a shared
    computer's browser cache or a proxy. A view that sets its own Cache-Control keeps it.
    Static assets never get here (WhiteNoise answers them first), and a response built
    without loading the user cannot depend on who the user is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = loaded_user(request)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class RequestLogMiddleware:
    """One structured line per request, with nothing personal in it.

    The path is logged without its query string (searches hold names); only the names of
    query parameters are kept. Trainee records appear by their random public id.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if not request_logger.isEnabledFor(logging.INFO):
            return response
        user = loaded_user(request)
        provider = getattr(getattr(request, "provider_context", None), "active", None)
        request_logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "query_keys": sorted(request.GET.keys()),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "provider_id": provider.pk if provider is not None else None,
                },
                separators=(",", ":"),
            )
        )
        return response
