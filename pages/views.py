"""The service's own content pages, open to everyone."""

from django.shortcuts import redirect, render
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
