from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

# Provider fields that change with its records, never from a form: each save of a provider
# leaves them as they are in the database.
KEPT_BY_RECORD_CHANGES = frozenset({"trainee_count", "drafts_to_check", "records_version"})


class Provider(models.Model):
    """An organisation that trains teachers. Accredited providers may register trainees."""

    class Kind(models.TextChoices):
        # Registers trainees, recommends them for QTS or EYTS.
        ACCREDITED = "accredited", "Accredited provider"
        # A lead school or employing school that trains with accredited providers
        # (Partnership): its users see the trainees linked to it and, where a partnership
        # lets them, start drafts for the accredited provider to check and register.
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
        help_text=(
            "4 digits: 1xxx for a university, 5xxx for a school-centred provider. "
            "Training partners have none"
        ),
        blank=True,
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.ACCREDITED)
    # How many trainee records the provider has, kept by trainees.services in the same
    # transaction as each change, so that lists and the chooser need not count them.
    trainee_count = models.PositiveIntegerField(default=0, editable=False)
    # Drafts training partners sent this provider to check, kept the same way (the list
    # says how many, without counting them).
    drafts_to_check = models.PositiveIntegerField(default=0, editable=False)
    # Changes whenever a record of the organisation, or linked to it as a training partner,
    # is added, changed or removed: set by the database (trainees' migration 0011, on
    # PostgreSQL) from a sequence, so a value is never given twice, even after a rollback.
    # The trainee list keys its cached pages by it (trainees.selectors).
    records_version = models.BigIntegerField(default=0, editable=False)
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
        if kwargs.get("update_fields") is None and not (
            self._state.adding or kwargs.get("force_insert")
        ):
            # An instance read before a record changed holds stale counts and version:
            # saving it must not write them back over what changed since.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in KEPT_BY_RECORD_CHANGES
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @property
    def is_accredited(self) -> bool:
        return self.kind == self.Kind.ACCREDITED

    def normalise(self):
        # Codes are shown and matched in upper case; stray spaces are never meaningful.
        self.code = (self.code or "").strip().upper()
        self.ukprn = (self.ukprn or "").strip()
        self.accreditation_id = (self.accreditation_id or "").strip()
        self.name = " ".join((self.name or "").split())

    def clean_fields(self, exclude=None):
        self.normalise()
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        if self.is_accredited and not self.accreditation_id:
            raise ValidationError({"accreditation_id": "Enter the accreditation ID"})
        if not self.is_accredited and self.accreditation_id:
            raise ValidationError(
                {"accreditation_id": "Training partners do not have an accreditation ID"}
            )


class Role(models.TextChoices):
    """What a member may do for their organisation (providers.policy says exactly what)."""

    VIEW = "view", "View records"
    EDIT = "edit", "Add and change records"
    MANAGE = "manage", "Manage the team"  # includes adding and changing records


EDITING_ROLES = frozenset({Role.EDIT, Role.MANAGE})


class Membership(models.Model):
    """A user works for an organisation, in a role. Team managers and support staff
    add, change and remove memberships; every change is kept (history)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.EDIT)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

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


class Partnership(models.Model):
    """An accredited provider trains with a training partner.

    The partner's members see the trainees linked to them; with ``partner_may_draft`` its
    editors also start drafts for the accredited provider, who checks and registers them.
    """

    accredited_provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="partnerships",
        limit_choices_to={"kind": Provider.Kind.ACCREDITED},
    )
    training_partner = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="partnerships_as_partner",
        limit_choices_to={"kind": Provider.Kind.TRAINING_PARTNER},
    )
    partner_may_draft = models.BooleanField(
        "partner may start drafts",
        default=False,
        help_text="The partner's editors can start drafts for the accredited provider to check",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["accredited_provider", "training_partner"],
                name="providers_partnership_unique_pair",
                violation_error_message="These organisations are partners already",
            )
        ]
        ordering = ["accredited_provider__name", "training_partner__name"]

    def __str__(self):
        return f"{self.accredited_provider.name} with {self.training_partner.name}"

    def clean(self):
        super().clean()
        errors = {}
        if self.accredited_provider_id and not self.accredited_provider.is_accredited:
            errors["accredited_provider"] = "Choose an accredited provider"
        if self.training_partner_id and self.training_partner.is_accredited:
            errors["training_partner"] = "Choose a training partner"
        if errors:
            raise ValidationError(errors)
