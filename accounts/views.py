from allauth.account.views import LoginView
from allauth.core.ratelimit import respond_429
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404


def not_available(request, *args, **kwargs):
    raise Http404("This page is not part of the service")


class SignInView(LoginView):
    """allauth's sign-in, answering repeated failures with the 429 page, not a form error."""

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            return respond_429(self.request)
        return super().form_invalid(form)
