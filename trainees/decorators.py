"""The HTTP side of a page about one trainee record: finding it, and the hat's rules."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from providers.exceptions import RecordOfAnotherProvider
from providers.guard import ensure_form_matches_hat
from trainees import selectors


def record_page(view):
    """A view of one record, called as ``view(request, trainee, **kwargs)``.

    The record must belong to one of the user's providers: anything else is a 404. In the
    hat model, a record of another of the user's providers than the hat offers a switch
    (RecordOfAnotherProvider), and a form must have been drawn under the current hat for
    a record of that hat: otherwise nothing is saved and the user chooses what to do
    (providers.guard).
    """

    @wraps(view)
    def page(request, public_id, **kwargs):
        context = request.provider_context
        trainee = selectors.find_trainee(context, public_id)
        if trainee is None:
            raise Http404("No trainee record found")
        ensure_form_matches_hat(request, record_provider=trainee.provider)
        if not context.in_scope(trainee.provider_id):
            raise RecordOfAnotherProvider(trainee.provider, request.get_full_path())
        return view(request, trainee, **kwargs)

    return login_required(page)
