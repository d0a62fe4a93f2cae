"""Sign in as a demo user with one button (DEMO_MODE only)."""

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import User
from demo.forms import PersonaForm
from demo.personas import PERSONAS
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
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
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
