from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from providers.hat import provider_model
from research.events import note
from research.models import Kind


@receiver(user_logged_in)
def note_sign_in(sender, request, user, **kwargs):
    """For the usage research, in the model the user now has (the request's provider
    context was worked out before they signed in)."""
    if request is not None and hasattr(request, "session"):
        note(
            request,
            Kind.SIGNED_IN,
            user=user,
            organisation=None,
            model=provider_model(request.session, user),
        )
