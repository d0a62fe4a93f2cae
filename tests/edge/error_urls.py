"""A URLconf for tests that need views which fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


def suspicious(request):
    raise SuspiciousOperation("deliberately bad request")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("suspicious/", suspicious),
    path("forbidden/", forbidden),
    path("", include("register_trainees.urls")),
]

handler400 = "edge.views.bad_request"
handler403 = "edge.views.permission_denied"
handler404 = "edge.views.page_not_found"
handler500 = "edge.views.server_error"
