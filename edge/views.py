"""The error pages: every one a GOV.UK page, none needing the database."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from edge.database_waits import RETRY_AFTER_SECONDS, timeout_kind


def csrf_failure(request, reason=""):
    # Usually a form left open past the session's lifetime, or posted twice.
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def error_page_context() -> dict:
    """What an error page needs when it cannot use the request (nor the database)."""
    return {"service_name": settings.SERVICE_NAME, "support_email": settings.SUPPORT_EMAIL}


def server_error(request):
    """The 500 page, or a 503 page when the database cannot be reached or ran out of time.

    Rendered without the request's context processors: when the error is the database,
    the page must not need it (no session, no user). Django replaces a broken database
    connection on the next request, so the service recovers on its own. A lock or
    statement timeout in a view never gets here (edge.database_waits); one
    in a middleware may come after the view saved, so its page says to check.
    """
    error = sys.exc_info()[1]
    context = error_page_context()
    if isinstance(error, (OperationalError, InterfaceError)):
        template = "503_too_slow.html" if timeout_kind(error) else "503.html"
        response = HttpResponse(loader.get_template(template).render(context), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return HttpResponseServerError(loader.get_template("500.html").render(context))
