"""The HTTP side of a page about one trainee record: finding it, the hat's rules, and
asking the access policy."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from providers.exceptions import RecordOfAnotherProvider
from providers.guard import ensure_form_matches_hat
from providers.policy import can
from trainees import selectors


def refused(request, trainee):
    """The 403 page for an action the user's role does not allow: nothing was changed."""
    return render(request, "trainees/refused.html", {"trainee": trainee}, status=403)


def record_page(view=None, *, action: str = "view"):
    """A view of one record, called as ``view(request, trainee, **kwargs)``.

    The record must belong to one of the user's organisations (or be linked to one of
    their training partners): anything else is a 404. In the hat model, a record of
    another of the user's organisations than the hat offers a switch
    (RecordOfAnotherProvider), and a form must have been drawn under the current hat for
    a record of that hat: otherwise nothing is saved and the user chooses what to do
    (providers.guard). Then the access policy must allow ``action``: else the 403 page.
    """

    def decorate(view):
        @wraps(view)
        def page(request, public_id, **kwargs):
            context = request.provider_context
            trainee = selectors.find_trainee(context, public_id)
            if trainee is None:
                raise Http404("No trainee record found")
            organisation = context.member_of_record(trainee)
            ensure_form_matches_hat(request, record_provider=organisation)
            if not context.in_scope(trainee):
                raise RecordOfAnotherProvider(organisation, request.get_full_path())
            if not can(context, action, trainee):
                return refused(request, trainee)
            return view(request, trainee, **kwargs)

        return login_required(page)

    return decorate(view) if view is not None else decorate
