"""The pages that end a sign-in through the identity provider which did not succeed."""

from enum import Enum

from django.shortcuts import render

# The name and email address the identity provider gave for someone with no account here,
# so that the request-access form starts filled in.
ACCESS_REQUEST_SESSION_KEY = "accounts.access_request_claims"


class SignInProblem(Enum):
    """Why a sign-in through the identity provider ended without signing in, and the
    status of the page that says so."""

    UNAVAILABLE = "unavailable"  # the provider did not answer in time, or failed
    CANCELLED = "cancelled"  # the user went back without signing in there
    REFUSED = "refused"  # state, nonce, issuer, audience, expiry or signature was wrong
    UNVERIFIED_EMAIL = "unverified_email"

    @property
    def status(self) -> int:
        return {
            "unavailable": 503,
            "cancelled": 200,
            "refused": 400,
            "unverified_email": 403,
        }[self.value]

    @property
    def heading(self) -> str:
        return {
            "unavailable": "Sorry, DfE Sign-in is not available at the moment",
            "cancelled": "You have not signed in",
            "refused": "Sorry, we could not sign you in",
            "unverified_email": "Your email address has not been confirmed",
        }[self.value]


def sign_in_failed(request, problem: SignInProblem):
    return render(
        request,
        "accounts/sign_in_failed.html",
        {"problem": problem.value, "heading": problem.heading},
        status=problem.status,
    )


def remember_for_access_request(request, claims: dict) -> None:
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    request.session[ACCESS_REQUEST_SESSION_KEY] = {
        "name": str(name or "")[:200],
        "email": str(claims.get("email") or "")[:254],
    }
