"""Email backends for tests."""

from django.core.mail.backends.base import BaseEmailBackend


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every connection, as SMTP does when it is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")
