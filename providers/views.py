import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from providers import hat
from providers.decorators import provider_not_required
from providers.forms import ChooseProviderForm, ScenarioForm, record_count_hint
from providers.policy import is_view_only
from providers.services import set_memberships

logger = logging.getLogger(__name__)

HOME = "trainees:list"


def safe_next_url(request, url: str | None) -> str | None:
    """A local URL to return to, or None: never an address on another site."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def chooser_hints(context) -> dict[int, str]:
    """What each organisation is to the user: how many records an accredited provider
    has, a training partner's kind, and "View only" where they cannot change records."""
    hints = {}
    for provider in context.providers:
        parts = (
            [record_count_hint(provider.trainee_count)]
            if provider.is_accredited
            else ["Training partner"]
        )
        if is_view_only(context, provider):
            parts.append("View only")
        hints[provider.pk] = ", ".join(parts)
    return hints


@provider_not_required
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def choose_provider(request):
    context = request.provider_context
    if not context.is_hat:
        return redirect(HOME)
    if not context.providers:
        return render(request, "providers/not_linked.html", status=403)
    if not context.has_several_providers:
        # One provider is always worn: there is nothing to choose.
        return redirect(HOME)
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    form = ChooseProviderForm(
        request.POST if request.method == "POST" else None,
        providers=context.providers,
        hints=chooser_hints(context),
        initial={
            "provider": getattr(context.active, "pk", None),
            "next": next_url or "",
        },
    )
    if request.method == "POST":
        if form.is_valid():
            provider = form.cleaned_data["provider"]
            hat.switch_provider(request, provider)
            return redirect(next_url or HOME)
        # A provider the user does not work for is a bad request, not a missed answer.
        foreign = form.has_error("provider", "invalid_choice")
        return render(
            request, "providers/choose.html", {"form": form}, status=400 if foreign else 200
        )
    return render(request, "providers/choose.html", {"form": form})


@provider_not_required
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scenario(request):
    """The researchers' settings page: provider model and memberships, for yourself."""
    if not settings.DEMO_MODE:
        raise Http404("The scenario page is only available in demo mode")
    if not request.user.is_staff:
        raise PermissionDenied
    context = request.provider_context
    form = ScenarioForm(
        request.POST if request.method == "POST" else None,
        initial={"provider_model": context.model},
        roles={provider.pk: provider.role for provider in context.providers},
    )
    if request.method == "POST" and form.is_valid():
        model = form.cleaned_data["provider_model"]
        roles = form.chosen_roles()
        hat.set_provider_model_override(request.session, model)
        set_memberships(request.user, roles, changed_by=request.user)
        logger.info(
            "scenario changed by user %s: provider model %s, %d organisations",
            request.user.pk,
            model,
            len(roles),
        )
        messages.success(request, "Scenario updated")
        return redirect("providers:scenario")
    return render(
        request,
        "providers/scenario.html",
        {
            "form": form,
            "default_model": settings.PROVIDER_MODEL,
            "provider_model": request.provider_context.model,
            "provider_count": len(request.provider_context.providers),
        },
        status=400 if form.errors else 200,
    )
