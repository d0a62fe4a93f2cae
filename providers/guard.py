"""The stale-form guard: every service form says which provider it was drawn for.

In the hat model another browser tab can switch provider while a form is open. The form
carries the provider it was drawn for (``{% provider_form_field %}``); on submit, the
middleware refuses to save it under a different hat and offers to resubmit the same
answers as either provider.
"""

FORM_PROVIDER_FIELD = "form_provider"
SWITCH_PROVIDER_FIELD = "switch_to_provider"
NOT_RESUBMITTED = {"csrfmiddlewaretoken", FORM_PROVIDER_FIELD, SWITCH_PROVIDER_FIELD}


def resubmittable_fields(post) -> list[tuple[str, str]]:
    """The answers of a refused form, to post again (escaped) once the user has chosen."""
    return [
        (name, value)
        for name, values in post.lists()
        if name not in NOT_RESUBMITTED
        for value in values
    ]
