"""Every sign-in page of the service, under /accounts/.

django-allauth's views are listed one by one rather than with
``include("allauth.account.urls")``: a page the service does not offer has no URL, so
nothing can render allauth's own templates (Django templates). Each page listed renders
a Jinja2 template of ours in templates/account/ (tests/accounts/test_allauth_pages.py).

The same goes for allauth's socialaccount: only the sign-in and callback of its
openid_connect provider, through our views (accounts.views.oidc_login, oidc_callback),
which answer 404 unless SIGN_IN_METHOD is "oidc".
"""

from allauth.account import views as allauth
from django.urls import path, re_path

from accounts import views

password_only = views.password_sign_in_only

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="account_login"),
    path("logout/", allauth.logout, name="account_logout"),
    # Where allauth sends a user whose account is closed.
    path("inactive/", allauth.account_inactive, name="account_inactive"),
    # Closed: the adapter turns sign-up away with "You cannot create an account here".
    path("signup/", allauth.signup, name="account_signup"),
    path("signed-out/", views.signed_out, name="account_signed_out"),
    # Sign-in through the identity provider (SIGN_IN_METHOD=oidc). The names are
    # allauth's, so that its provider builds the same redirect URI:
    # /accounts/oidc/<provider_id>/login/callback/.
    path("oidc/<str:provider_id>/login/", views.oidc_login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        views.oidc_callback,
        name="openid_connect_callback",
    ),
    path("no-access/", views.no_access, name="account_no_access"),
    path("no-access/requested/", views.access_requested, name="account_access_requested"),
    path(
        "password/change/", password_only(allauth.password_change), name="account_change_password"
    ),
    # Where "change password" sends an account that has no password yet.
    path("password/set/", password_only(allauth.password_set), name="account_set_password"),
    path("password/reset/", password_only(allauth.password_reset), name="account_reset_password"),
    path(
        "password/reset/done/",
        password_only(allauth.password_reset_done),
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        password_only(allauth.password_reset_from_key),
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        password_only(allauth.password_reset_from_key_done),
        name="account_reset_password_from_key_done",
    ),
    # Support staff manage sign-in email addresses: there is no self-service page. The
    # name stays so that allauth still sends /accounts/ to the sign-in page.
    path("email/", views.not_available, name="account_email"),
]
