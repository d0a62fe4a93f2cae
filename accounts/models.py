from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


def normalise_email(email: str) -> str:
    # Email addresses are matched case-insensitively everywhere, so store them one way.
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=normalise_email(email))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Users must have an email address")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address. Support staff create accounts."""

    email = models.EmailField(
        "email address",
        max_length=254,
        unique=True,
        error_messages={"unique": "A user with this email address already exists."},
    )
    first_name = models.CharField("first name", max_length=150, blank=True)
    last_name = models.CharField("last name", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Staff can sign in to the support pages (the Django admin).",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Clear this instead of deleting an account, to stop someone signing in.",
    )
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    # Where the deployment splits its users between the provider models (PROVIDER_MODEL
    # "split"), staff can pin a user to one instead of the assigned one
    # (research.assignment). The values are providers.provider_models' names, which this
    # app, below providers, cannot import (tests/research/test_assignment.py checks them).
    pinned_provider_model = models.CharField(
        "provider model (pinned)",
        max_length=8,
        blank=True,
        choices=[("hat", "Hat model"), ("blended", "Blended model")],
        help_text=(
            "Only where the service splits users between the hat and blended models: the "
            "model this user always gets. Leave blank for the one they were assigned."
        ),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                violation_error_message="A user with this email address already exists.",
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self):
        return self.first_name or self.email


class AccessRequest(models.Model):
    """Someone the identity provider knows, with no account here, asking for one. Support
    staff read these in the admin, then create the account and its memberships."""

    name = models.CharField("full name", max_length=200)
    email = models.EmailField("email address", max_length=254)
    organisation = models.CharField("organisation", max_length=200)
    reason = models.TextField("why they need access", max_length=2000)
    created_at = models.DateTimeField("requested", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "access request"
        verbose_name_plural = "access requests"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.email}), {self.organisation}"
