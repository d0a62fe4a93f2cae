from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm, ResetPasswordKeyForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms

from accounts.models import AccessRequest

PASSWORD_HINT = "Must be at least 10 characters, not only numbers, and not a common password."


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email address"
        login.widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        login.error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }
        password = self.fields["password"]
        password.label = "Password"
        password.error_messages = {"required": "Enter your password"}
        password.widget.attrs.pop("placeholder", None)
        password.help_text = ""


class PasswordResetRequestForm(AllauthResetPasswordForm):
    page_heading_field = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "We will send a link to reset your password to this address."
        email.widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        email.error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }


def label_new_password(fields) -> None:
    """The new password and its confirmation, as every form that sets one asks for them."""
    fields["password1"].label = "New password"
    fields["password1"].help_text = PASSWORD_HINT
    fields["password1"].error_messages = {"required": "Enter a new password"}
    fields["password2"].label = "Confirm new password"
    fields["password2"].help_text = ""
    fields["password2"].error_messages = {"required": "Confirm your new password"}


class NewPasswordForm(ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_new_password(self.fields)


class ChangePasswordForm(AllauthChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        self.fields["oldpassword"].error_messages = {"required": "Enter your current password"}
        label_new_password(self.fields)


class AccessRequestForm(forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ("name", "email", "organisation", "reason")
        labels = {
            "name": "Full name",
            "email": "Email address",
            "organisation": "Organisation",
            "reason": "Why do you need access?",
        }
        help_texts = {
            "organisation": "The training provider or school you work for.",
            "reason": "For example, the trainees you will register or the team you are joining.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "reason": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "name": {
                "required": "Enter your full name",
                "max_length": "Full name must be 200 characters or fewer",
            },
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "Email address must be 254 characters or fewer",
            },
            "organisation": {
                "required": "Enter the organisation you work for",
                "max_length": "Organisation must be 200 characters or fewer",
            },
            "reason": {
                "required": "Enter why you need access",
                "max_length": "Why you need access must be 2,000 characters or fewer",
            },
        }
