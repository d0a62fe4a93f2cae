"""A URLconf with a signed-in view that sets its own caching."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def own_caching(request):
    response = HttpResponse("shared reference data")
    response["Cache-Control"] = "private, max-age=60"
    return response


urlpatterns = [
    path("own-caching/", own_caching),
    path("", include("register_trainees.urls")),
]
