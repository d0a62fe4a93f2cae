from functools import wraps

from allauth.account.adapter import get_adapter
from allauth.account.views import LoginView
from allauth.core.ratelimit import respond_429
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from requests import RequestException

from accounts.forms import AccessRequestForm
from accounts.oidc import DfESignInAdapter
from accounts.sign_in import PROVIDER_ID, PROVIDER_NAME, uses_oidc
from accounts.sign_in_pages import ACCESS_REQUEST_SESSION_KEY, SignInProblem, sign_in_failed


def not_available(request, *args, **kwargs):
    raise Http404("This page is not part of the service")


def password_sign_in_only(view):
    """A password page (reset, change, set): not part of the service with DfE Sign-in."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if uses_oidc():
            raise Http404("Passwords are managed by the identity provider")
        return view(request, *args, **kwargs)

    return page


def oidc_sign_in_only(view):
    @wraps(view)
    def page(request, *args, **kwargs):
        if not uses_oidc():
            raise Http404("Sign-in through an identity provider is not switched on")
        return view(request, *args, **kwargs)

    return page


class SignInView(LoginView):
    """allauth's sign-in, answering repeated failures with the 429 page, not a form error.

    With DfE Sign-in the page offers only its button: there is no password form to post.
    """

    def dispatch(self, request, *args, **kwargs):
        if uses_oidc():
            return self.identity_provider_sign_in(request)
        return super().dispatch(request, *args, **kwargs)

    def identity_provider_sign_in(self, request):
        if request.user.is_authenticated:
            return redirect(
                self.get_next_url() or get_adapter(request).get_login_redirect_url(request)
            )
        if request.method not in ("GET", "HEAD"):
            # No password to check: back to the page with the identity provider's button.
            return redirect("account_login")
        return render(
            request,
            "account/login_oidc.html",
            {
                "provider_id": PROVIDER_ID,
                "provider_name": PROVIDER_NAME,
                "next": self.get_next_url(),
            },
        )

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            return respond_429(self.request)
        return super().form_invalid(form)


@oidc_sign_in_only
@require_http_methods(["GET", "HEAD", "POST"])
def oidc_login(request, provider_id):
    """Start signing in at the identity provider (allauth's view, with our adapter).

    Only the sign-in page's button (a POST, with its CSRF token) starts it: a link to
    this address leads to that page instead.
    """
    if request.method != "POST":
        return redirect("account_login")
    try:
        return OAuth2LoginView.adapter_view(DfESignInAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("No such identity provider") from None
    except RequestException:
        # Its discovery document did not come in time: allauth does not catch this here.
        return sign_in_failed(request, SignInProblem.UNAVAILABLE)


@oidc_sign_in_only
@require_safe
def oidc_callback(request, provider_id):
    """Where the identity provider sends the user back: allauth checks the answer and
    the adapter (accounts.adapter.SocialAccountAdapter) decides who gets in."""
    try:
        return OAuth2CallbackView.adapter_view(DfESignInAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("No such identity provider") from None


@oidc_sign_in_only
@require_http_methods(["GET", "HEAD", "POST"])
def no_access(request):
    """An unknown person signed in at the identity provider: ask support for access.

    Only after signing in there (the adapter keeps what it said about them in the
    session): nobody else can fill the support team's list with requests.
    """
    claims = request.session.get(ACCESS_REQUEST_SESSION_KEY)
    if claims is None:
        return redirect("account_login")
    if request.method == "POST":
        form = AccessRequestForm(request.POST)
        if form.is_valid():
            form.save()
            request.session.pop(ACCESS_REQUEST_SESSION_KEY, None)
            return redirect("account_access_requested")
    else:
        form = AccessRequestForm(initial=claims)
    return render(request, "accounts/no_access.html", {"form": form})


@oidc_sign_in_only
@require_safe
def access_requested(request):
    return render(request, "accounts/access_requested.html")


@require_safe
def signed_out(request):
    return render(request, "accounts/signed_out.html")
