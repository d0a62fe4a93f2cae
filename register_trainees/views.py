from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_safe

from providers.decorators import provider_not_required


@provider_not_required
@require_safe
def start(request):
    if request.user.is_authenticated:
        return redirect("trainees:list")
    return render(request, "pages/start.html")


@provider_not_required
@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html")


@provider_not_required
@require_safe
def cookies(request):
    return render(request, "pages/cookies.html")


def csrf_failure(request, reason=""):
    # Usually a form left open past the session's lifetime, or posted twice.
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request's context processors: when the error is the
    # database, the page must not need it (no session, no user).
    html = loader.get_template("500.html").render(
        {"service_name": settings.SERVICE_NAME, "support_email": settings.SUPPORT_EMAIL}
    )
    return HttpResponseServerError(html)
