"""The stale-form guard: every service form says which provider it was drawn for.

In the hat model another browser tab can switch provider while a form is open. The form
carries the provider it was drawn for (``{% provider_form_field %}``). Before a view
writes anything it calls ``ensure_form_matches_hat`` (``trainees.selectors.get_trainee``
does it for every record page, naming the record's provider); a form drawn under another
hat, or about a record of another provider, raises ``FormDrawnForAnotherProvider``, and
the middleware answers with a page that saves nothing and offers to save the same answers
once the user has chosen.
"""

from django.core.exceptions import BadRequest

from edge.resubmission import CSRF_FIELD, resubmittable_fields

FORM_PROVIDER_FIELD = "form_provider"
SWITCH_PROVIDER_FIELD = "switch_to_provider"
# Which button of the provider-changed page was chosen, for the usage research.
STALE_FORM_CHOICE_FIELD = "stale_form_choice"
SWITCH_AND_SAVE, SAVE_HERE = "switch_and_save", "save_here"
STALE_FORM_CHOICES = (SWITCH_AND_SAVE, SAVE_HERE)  # posted; staying is a link (trainees list)
NOT_RESUBMITTED = {CSRF_FIELD, FORM_PROVIDER_FIELD, SWITCH_PROVIDER_FIELD, STALE_FORM_CHOICE_FIELD}
RECORD = "a trainee record of"  # what a form is about, as the provider-changed page says


class FormDrawnForAnotherProvider(Exception):
    """Nothing was saved: the form does not belong to the hat the user now wears.

    ``record_provider`` is set when the form is about an existing record (or another
    thing of one provider, such as its team: ``about`` names it for the page): its
    answers can only be saved for that provider.
    """

    def __init__(self, drawn_for_id: str, record_provider=None, about: str = RECORD):
        super().__init__(f"form drawn for provider {drawn_for_id!r}")
        self.drawn_for_id = drawn_for_id
        self.record_provider = record_provider
        self.about = about


def provider_form_answers(post) -> list[tuple[str, str]]:
    """A refused form's answers without the provider fields, which the provider-changed
    page sets itself."""
    return resubmittable_fields(post, dropped=NOT_RESUBMITTED)


def ensure_form_matches_hat(request, record_provider=None, about: str = RECORD) -> None:
    """Refuse a POST drawn for another provider than the current hat.

    With ``record_provider`` (the form is about an existing record), also refuse it when
    the record belongs to another provider than the hat: its answers can only be saved
    for that provider, after switching to it.
    """
    context = request.provider_context
    if request.method != "POST" or not context.is_hat:
        return
    active = context.active
    if active is None:
        raise BadRequest("no provider is active")
    # The middleware has already put on the hat a resubmitted form asked to switch to.
    drawn_for = request.POST.get(SWITCH_PROVIDER_FIELD) or request.POST.get(FORM_PROVIDER_FIELD)
    if drawn_for is None:
        raise BadRequest("the form does not say which provider it was drawn for")
    drawn_for = str(drawn_for).strip()
    record_elsewhere = record_provider is not None and record_provider.pk != active.pk
    if drawn_for != str(active.pk) or record_elsewhere:
        raise FormDrawnForAnotherProvider(drawn_for, record_provider=record_provider, about=about)


def resubmit_choices(*, form_provider, record_provider, active_provider) -> list[dict]:
    """The buttons of the provider-changed page: each posts the answers again for one
    provider, as ``{"field", "provider", "label", "secondary", "research_choice"}``.

    Answers about an existing record can only be saved for the record's provider; a new
    record's answers can be saved for the provider the form was drawn for, or the hat.
    """
    if record_provider is not None:
        if record_provider.pk == active_provider.pk:
            return [_choice(FORM_PROVIDER_FIELD, active_provider, "Save for {}")]
        return [_choice(SWITCH_PROVIDER_FIELD, record_provider, "Switch to {} and save")]
    choices = []
    if form_provider is not None and form_provider.pk != active_provider.pk:
        choices.append(_choice(SWITCH_PROVIDER_FIELD, form_provider, "Switch back to {} and save"))
    choices.append(
        _choice(FORM_PROVIDER_FIELD, active_provider, "Save for {} instead", secondary=True)
    )
    return choices


def _choice(field: str, provider, label: str, secondary: bool = False) -> dict:
    return {
        "field": field,
        "provider": provider,
        "label": label.format(provider.name),
        "secondary": secondary,
        "research_choice": SWITCH_AND_SAVE if field == SWITCH_PROVIDER_FIELD else SAVE_HERE,
    }
