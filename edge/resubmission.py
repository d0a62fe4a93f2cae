"""A refused form's answers, kept to post again once the user has chosen what to do."""

CSRF_FIELD = "csrfmiddlewaretoken"


def resubmittable_fields(post, dropped=frozenset({CSRF_FIELD})) -> list[tuple[str, str]]:
    """Every answer of ``post`` but the ``dropped`` fields (the page draws a new CSRF
    token, and whatever else it sets itself), as (name, value) pairs to escape into
    hidden inputs."""
    return [
        (name, value) for name, values in post.lists() if name not in dropped for value in values
    ]
