import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from providers import hat, selectors, services
from providers.decorators import provider_not_required, team_page
from providers.emails import send_team_email
from providers.forms import (
    ChangeRoleForm,
    ChooseProviderForm,
    InviteMemberForm,
    RemoveMemberForm,
    ScenarioForm,
    record_count_hint,
)
from providers.models import Role
from providers.policy import is_view_only, manages_team
from providers.services import set_memberships
from research.events import note
from research.models import Kind

logger = logging.getLogger(__name__)

HOME = "trainees:list"
GET_POST = ["GET", "HEAD", "POST"]
CONFLICT = 409  # a team change its rules refuse: the page says why


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


SWITCH_AND_CONTINUE = "switch_and_continue"
OTHER_RECORD = "other_record"  # the "record belongs to your other provider" page


def switch_source(request, was) -> str:
    """Where a choice on the chooser came from, for the usage research: the first after
    signing in is the chooser's; a later one came through the header's "Change provider"
    link, unless a page offered to "switch and continue"."""
    if request.POST.get("source") == SWITCH_AND_CONTINUE:
        return SWITCH_AND_CONTINUE
    return "chooser" if was is None else "header"


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
            hat.switch_provider(request, provider, source=switch_source(request, context.active))
            if request.POST.get("answering") == OTHER_RECORD:
                note(request, Kind.OTHER_PROVIDER_ANSWER, organisation=provider, choice="switch")
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


# Organisations and their teams ------------------------------------------------------------


@login_required
@require_safe
def organisations(request):
    """The user's organisations, each with its kind, their role and, where they manage
    it, a link to its team."""
    context = request.provider_context
    rows = [
        {
            "provider": provider,
            "role": Role(provider.role).label,
            "manages_team": manages_team(context, provider),
        }
        for provider in context.providers
    ]
    return render(request, "providers/organisations.html", {"rows": rows})


@require_safe
@team_page
def team(request, provider):
    return render(
        request,
        "providers/team.html",
        {
            "provider": provider,
            "members": selectors.team_of(provider),
            "changes": selectors.recent_team_changes(provider),
        },
    )


def _bound(request):
    return request.POST if request.method == "POST" else None


def _team_url(provider) -> str:
    return reverse("providers:team", args=[provider.pk])


def _member_or_404(provider, membership_id):
    membership = selectors.team_membership(provider, membership_id)
    if membership is None:
        raise Http404("No such member of this team")
    return membership


@dataclass
class TeamFormOutcome:
    """What became of a team form: drawn again (``status``), or its change made."""

    done: bool = False
    result: object = None
    status: int = 200


def _change_team(request, form, change, *, error_field=None) -> TeamFormOutcome:
    """On a valid POST, make ``change(form)``. A change the team's rules refuse becomes
    the form's error, saying why (409)."""
    if request.method != "POST" or not form.is_valid():
        return TeamFormOutcome()
    try:
        return TeamFormOutcome(done=True, result=change(form))
    except services.TeamChangeRefused as refusal:
        form.add_error(error_field, str(refusal))
        return TeamFormOutcome(status=CONFLICT)


def _team_form_page(request, template, outcome, **context):
    return render(request, template, context, status=outcome.status)


def _after_change(request, provider, membership):
    """Back to the team, unless the user changed their own membership: they may no
    longer manage it, so their organisations are the page that still exists for them."""
    if membership.user_id == request.user.pk:
        return redirect("providers:organisations")
    return redirect(_team_url(provider))


@require_http_methods(GET_POST)
@team_page
def invite_member(request, provider):
    form = InviteMemberForm(_bound(request))
    outcome = _change_team(
        request,
        form,
        lambda form: services.invite_member(
            provider, form.cleaned_data["email"], form.cleaned_data["role"], invited_by=request.user
        ),
        error_field="email",
    )
    if not outcome.done:
        return _team_form_page(
            request, "providers/team_invite.html", outcome, provider=provider, form=form
        )
    invitation = outcome.result
    email = invitation.membership.user.email
    if send_team_email(request, invitation):
        messages.success(request, f"{email} has been added to the team and emailed")
    else:
        messages.warning(
            request,
            f"{email} has been added to the team, but we could not send them an email. "
            "Tell them yourself that they can sign in (to set a password, they choose "
            "“I have forgotten my password” on the sign-in page)",
        )
    return redirect(_team_url(provider))


@require_http_methods(GET_POST)
@team_page
def change_role(request, provider, membership_id):
    membership = _member_or_404(provider, membership_id)
    name = membership.user.get_full_name()
    form = ChangeRoleForm(_bound(request), member_name=name, initial={"role": membership.role})
    outcome = _change_team(
        request,
        form,
        lambda form: services.change_role(
            membership, form.cleaned_data["role"], changed_by=request.user
        ),
        error_field="role",
    )
    if not outcome.done:
        return _team_form_page(
            request,
            "providers/team_role.html",
            outcome,
            provider=provider,
            membership=membership,
            form=form,
        )
    messages.success(request, f"Role of {name} changed")
    return _after_change(request, provider, membership)


@require_http_methods(GET_POST)
@team_page
def remove_member(request, provider, membership_id):
    membership = _member_or_404(provider, membership_id)
    form = RemoveMemberForm(_bound(request))
    outcome = _change_team(
        request, form, lambda form: services.remove_member(membership, removed_by=request.user)
    )
    if not outcome.done:
        return _team_form_page(
            request,
            "providers/team_remove.html",
            outcome,
            provider=provider,
            membership=membership,
            form=form,
        )
    messages.success(request, f"{membership.user.get_full_name()} removed from the team")
    return _after_change(request, provider, membership)
