import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.middleware import ACTIVE_AT, SIGNED_IN_AT


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """The 12-hour limit counts from each sign-in (Django has just rotated the key)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[ACTIVE_AT] = now
