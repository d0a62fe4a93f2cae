from allauth.account.views import LoginView
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.demo import PERSONAS
from accounts.forms import PersonaForm
from accounts.models import User
from providers.decorators import provider_not_required


@provider_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def personas(request):
    """Sign in as a demo user with one button: only when DEMO_MODE is on."""
    if not settings.DEMO_MODE:
        raise Http404("Personas are only available in demo mode")
    users = User.objects.filter(email__in=[p.email for p in PERSONAS], is_active=True)
    users_by_email = {user.email: user for user in users}
    form = PersonaForm(request.POST if request.method == "POST" else None, allowed=users_by_email)
    if request.method == "POST" and form.is_valid():
        user = users_by_email[form.cleaned_data["email"]]
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(settings.LOGIN_REDIRECT_URL)
    available = [
        {"persona": persona, "user": users_by_email[persona.email]}
        for persona in PERSONAS
        if persona.email in users_by_email
    ]
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/personas.html",
        {"personas": available, "form": form},
        status=status,
    )


def not_available(request, *args, **kwargs):
    raise Http404("This page is not part of the service")


class SignInView(LoginView):
    """allauth's sign-in, answering repeated failures with the 429 page, not a form error."""

    provider_not_required = True

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            return respond_429(self.request)
        return super().form_invalid(form)
