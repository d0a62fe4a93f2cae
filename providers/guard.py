"""The stale-form guard: every service form says which provider it was drawn for.

In the hat model another browser tab can switch provider while a form is open. The form
carries the provider it was drawn for (``{% provider_form_field %}``). Before a view
writes anything it calls ``ensure_form_matches_hat`` (``trainees.selectors.get_trainee``
does it for every record page); a form drawn under another hat raises
``FormDrawnForAnotherProvider``, and the middleware answers with a page that saves
nothing and offers to resubmit the same answers as either provider.
"""

from django.core.exceptions import BadRequest

FORM_PROVIDER_FIELD = "form_provider"
SWITCH_PROVIDER_FIELD = "switch_to_provider"
CSRF_FIELD = "csrfmiddlewaretoken"
NOT_RESUBMITTED = {CSRF_FIELD, FORM_PROVIDER_FIELD, SWITCH_PROVIDER_FIELD}


class FormDrawnForAnotherProvider(Exception):
    def __init__(self, drawn_for_id: str):
        super().__init__(f"form drawn for provider {drawn_for_id!r}")
        self.drawn_for_id = drawn_for_id


def resubmittable_fields(post, dropped=NOT_RESUBMITTED) -> list[tuple[str, str]]:
    """The answers of a refused form, to post again (escaped) once the user has chosen.

    By default without the provider fields, which the provider-changed page sets itself.
    """
    return [
        (name, value) for name, values in post.lists() if name not in dropped for value in values
    ]


def ensure_form_matches_hat(request) -> None:
    """Refuse a POST whose form was drawn for another provider than the current hat."""
    from providers.hat import HAT

    if request.method != "POST" or getattr(request, "provider_model", None) != HAT:
        return
    if request.active_provider is None:
        raise BadRequest("no provider is active")
    # The middleware has already put on the hat a resubmitted form asked to switch to.
    drawn_for = request.POST.get(SWITCH_PROVIDER_FIELD) or request.POST.get(FORM_PROVIDER_FIELD)
    if drawn_for is None:
        raise BadRequest("the form does not say which provider it was drawn for")
    if str(drawn_for).strip() != str(request.active_provider.pk):
        raise FormDrawnForAnotherProvider(str(drawn_for))
