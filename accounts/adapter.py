import logging

from allauth.account.adapter import DefaultAccountAdapter

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in rules: nobody signs themselves up; support staff create accounts."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter a correct email address and password",
        "account_inactive": "This account has been closed. Contact support if you need access.",
    }

    def is_open_for_signup(self, request):
        return False

    def send_password_reset_mail(self, user, email, context):
        # Unknown addresses get no email (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off) and the
        # "check your email" page. A send that fails must end the same way: an error page
        # here would tell anyone that the address has an account. Any failure counts (a
        # refused connection, a rejected recipient, a provider's API error); the log says
        # which, by user id, without the address.
        try:
            super().send_password_reset_mail(user, email, context)
        except Exception as error:
            logger.error(
                "password reset email could not be sent to user %s: %s",
                user.pk,
                type(error).__name__,
            )

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        # "Successfully signed in as ..." tells users nothing they do not see.
        if message_template == "account/messages/logged_in.txt":
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)
