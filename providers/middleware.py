"""Sets who the signed-in user works for, and enforces the hat and blended models."""

import logging
from dataclasses import replace

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from providers import hat
from providers.context import ProviderContext
from providers.exceptions import RecordOfAnotherProvider
from providers.guard import (
    STALE_FORM_CHOICE_FIELD,
    STALE_FORM_CHOICES,
    SWITCH_PROVIDER_FIELD,
    FormDrawnForAnotherProvider,
    provider_form_answers,
    resubmit_choices,
)
from providers.selectors import providers_for_user
from research.events import note
from research.models import Kind

logger = logging.getLogger(__name__)

# Pages that work without a provider: signing in and out (allauth, and the accounts app
# that adapts it) and the support admin.
EXEMPT_MODULE_PREFIXES = ("allauth.", "accounts.", "django.contrib.admin.")
EXEMPT_APP_NAMES = {"admin"}


def is_exempt(request, view_func) -> bool:
    if getattr(view_func, "provider_not_required", False):
        return True
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None and getattr(view_class, "provider_not_required", False):
        return True
    module = getattr(view_func, "__module__", "") or ""
    if module.startswith(EXEMPT_MODULE_PREFIXES):
        return True
    match = request.resolver_match
    return bool(match and EXEMPT_APP_NAMES.intersection(match.app_names))


class ActiveProviderMiddleware:
    """For every request, set ``request.provider_context`` (providers.context): the user's
    providers (one query), the provider model and, in the hat model, the active provider.

    Then, on service pages: a user with no provider sees the "not linked" page; in the hat
    model a user with several providers and no hat is sent to the chooser. Views refuse a
    form drawn for another provider (providers.guard); this middleware draws that page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.provider_context = ProviderContext(
            user=request.user, model=hat.provider_model(request.session, request.user)
        )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        context = request.provider_context
        providers = tuple(providers_for_user(request.user))
        active = hat.resolve_active_provider(request.session, providers) if context.is_hat else None
        context = request.provider_context = replace(context, providers=providers, active=active)

        if is_exempt(request, view_func):
            return None
        if not providers:
            return render(request, "providers/not_linked.html", status=403)
        if not context.is_hat:
            return None
        if context.active is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('providers:choose')}?{query}")
        if request.method == "POST":
            return self.switch_provider_for_resubmitted_form(request)
        return None

    def note_stale_form_choice(self, request):
        """The button the user chose on the provider-changed page (providers.guard)."""
        choice = request.POST.get(STALE_FORM_CHOICE_FIELD)
        if choice in STALE_FORM_CHOICES:
            note(request, Kind.STALE_FORM_CHOICE, choice=choice)

    def switch_provider_for_resubmitted_form(self, request):
        """ "Switch back to X and save" on the provider-changed page: put on X's hat first."""
        self.note_stale_form_choice(request)
        switch_to = request.POST.get(SWITCH_PROVIDER_FIELD)
        if switch_to is None:
            return None
        target = request.provider_context.provider(switch_to)
        if target is None:
            return render(request, "400.html", status=400)
        hat.switch_provider(request, target, source="stale_form")
        logger.info(
            "user %s switched provider to %s to resubmit a form", request.user.pk, target.pk
        )
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, FormDrawnForAnotherProvider):
            form_provider = request.provider_context.provider(exception.drawn_for_id)
            active = request.provider_context.active
            note(request, Kind.STALE_FORM_REFUSED, for_record=exception.record_provider is not None)
            context = {
                "form_provider": form_provider,
                "record_provider": exception.record_provider,
                "about": exception.about,
                "active_provider": active,
                "choices": resubmit_choices(
                    form_provider=form_provider,
                    record_provider=exception.record_provider,
                    active_provider=active,
                ),
                "resubmit_url": request.get_full_path(),
                "fields": provider_form_answers(request.POST),
            }
            return render(request, "providers/provider_changed.html", context, status=409)
        if isinstance(exception, RecordOfAnotherProvider):
            note(request, Kind.OTHER_PROVIDER_PAGE)
            return render(
                request,
                "providers/record_of_another_provider.html",
                {"record_provider": exception.provider, "continue_url": exception.continue_url},
                status=200,
            )
        return None
