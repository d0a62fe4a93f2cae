"""A URLconf with a minimal provider-scoped form, to test the stale-form guard alone."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from providers.guard import ensure_form_matches_hat

SAVED = []

FORM = engines["jinja2"].from_string(
    "<form method='post'>{{ csrf_input }}{{ provider_form_field() }}"
    "<input name='note' value='hello'></form>"
)


def note(request):
    if request.method == "POST":
        ensure_form_matches_hat(request)
        SAVED.append((request.provider_context.active.pk, request.POST.get("note")))
        return HttpResponse(f"saved for {request.provider_context.active.name}")
    return HttpResponse(FORM.render(request=request))


urlpatterns = [
    path("note/", note),
    path("", include("register_trainees.urls")),
]
