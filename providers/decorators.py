from functools import wraps


def provider_not_required(view):
    """Mark a view that works without a provider: sign-in, the chooser, public pages."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.provider_not_required = True
    return wrapped
