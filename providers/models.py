from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models


class Provider(models.Model):
    """An organisation that trains teachers. Accredited providers may register trainees."""

    class Kind(models.TextChoices):
        ACCREDITED = "accredited", "Accredited provider"
        # Schools that train with an accredited provider; they will view, not change.
        TRAINING_PARTNER = "training_partner", "Training partner"

    name = models.CharField(max_length=255, unique=True)
    code = models.CharField(
        "provider code",
        max_length=3,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9]{3}$",
                "Provider code must be 3 letters or numbers, like 1TZ",
            )
        ],
        help_text="3 letters or numbers, like 1TZ",
        error_messages={"unique": "Another provider already has this provider code"},
    )
    ukprn = models.CharField(
        "UKPRN",
        max_length=8,
        unique=True,
        validators=[
            RegexValidator(r"^1\d{7}$", "UKPRN must be 8 digits starting with 1, like 10012345")
        ],
        help_text="8 digits starting with 1, like 10012345",
        error_messages={"unique": "Another provider already has this UKPRN"},
    )
    accreditation_id = models.CharField(
        "accreditation ID",
        max_length=4,
        validators=[
            RegexValidator(
                r"^[15]\d{3}$",
                "Accreditation ID must be 4 digits starting with 1 (university) or 5 (SCITT)",
            )
        ],
        help_text="4 digits: 1xxx for a university, 5xxx for a school-centred provider",
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.ACCREDITED)
    # How many trainee records the provider has, kept by trainees.services in the same
    # transaction as each change, so that lists and the chooser need not count them.
    trainee_count = models.PositiveIntegerField(default=0, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="providers", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def normalise(self):
        # Codes are shown and matched in upper case; stray spaces are never meaningful.
        self.code = (self.code or "").strip().upper()
        self.ukprn = (self.ukprn or "").strip()
        self.accreditation_id = (self.accreditation_id or "").strip()
        self.name = " ".join((self.name or "").split())

    def clean_fields(self, exclude=None):
        self.normalise()
        super().clean_fields(exclude=exclude)


class Membership(models.Model):
    """A user works for a provider. Support staff add and remove memberships."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider"],
                name="providers_membership_unique_user_provider",
                violation_error_message="This user is already a member of this provider",
            )
        ]
        ordering = ["provider__name"]

    def __str__(self):
        return f"{self.user} at {self.provider}"
