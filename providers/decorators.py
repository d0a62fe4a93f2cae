from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from providers.guard import ensure_form_matches_hat
from providers.policy import manages_team

TEAM = "the team of"  # what a team form is about, as the provider-changed page says


def provider_not_required(view):
    """Mark a view that works without a provider: sign-in, the chooser, public pages."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.provider_not_required = True
    return wrapped


def team_page(view):
    """A page of one provider's team, called as ``view(request, provider, **kwargs)``.

    Only someone the access policy lets manage the provider's team gets it; anyone else,
    the provider's other members included, gets a 404. In the hat model the page is the
    hat's: for another of the user's providers it offers to switch, and a form drawn
    under another hat, or for another provider's team, saves nothing (providers.guard).
    """

    @wraps(view)
    def page(request, provider_id, **kwargs):
        context = request.provider_context
        provider = context.provider(provider_id)
        if not manages_team(context, provider):
            raise Http404("No team found")
        ensure_form_matches_hat(request, record_provider=provider, about=TEAM)
        if context.is_hat and context.active.pk != provider.pk:
            return render(
                request,
                "providers/team_of_another_provider.html",
                {"provider": provider, "continue_url": request.get_full_path()},
            )
        return view(request, provider, **kwargs)

    return login_required(page)
