import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "accounts.signed_in_at"
ACTIVE_AT = "accounts.active_at"
# Write the session's new expiry at most this often, not on every request.
REFRESH_EVERY = 5 * 60


class SessionLifetimeMiddleware:
    """End a session 2 hours after the last activity and 12 hours after signing in.

    Django's own expiry (SESSION_COOKIE_AGE) ends idle sessions, as long as each active
    session is saved again now and then; this middleware saves it at most every five
    minutes, and signs the user out once the absolute limit has passed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SIGNED_IN_AT)
            if started is None:
                session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, "You have been signed out after 12 hours. Sign in again.")
                return redirect_to_login(request.get_full_path())
            if now - session.get(ACTIVE_AT, 0) > REFRESH_EVERY:
                session[ACTIVE_AT] = now
        return self.get_response(request)
