"""The authentication backends: Django's and allauth's, reading the signed-in user of
each request through a statement compiled once a process (accounts.selectors)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.selectors import user_by_id


class CompiledUserRead:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        # As Django's: a deactivated account is signed out on its next request.
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(CompiledUserRead, DjangoModelBackend):
    """Email and password, and the personas of DEMO_MODE."""


class AuthenticationBackend(CompiledUserRead, AllauthBackend):
    """allauth's sign-in."""
