import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from trainees.constants import (
    EARLY_YEARS_ROUTES,
    AgeRange,
    DegreeGrade,
    DisabilityDisclosure,
    EducationPhase,
    EthnicGroup,
    FundingType,
    PartnerReview,
    Sex,
    StudyMode,
    Subject,
    TraineeState,
    TrainingRoute,
    WithdrawalReason,
    state_label,
)


class ActingProviderHistory(models.Model):
    """Adds to every history row the provider the user was acting for."""

    acting_provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        abstract = True


class Trainee(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed by the list's composite indexes, which all lead with provider_id
    # (migration 0003_list_indexes).
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="trainees", db_index=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        "status", max_length=32, choices=TraineeState.choices, default=TraineeState.DRAFT
    )
    # Where a deferred record returns to when it is reinstated.
    state_before_deferral = models.CharField(
        max_length=32, choices=TraineeState.choices, blank=True
    )
    training_route = models.CharField(max_length=64, choices=TrainingRoute.choices)

    # Personal details
    first_names = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=32, choices=Sex.choices, blank=True)
    nationality = models.CharField(max_length=64, blank=True)

    # Contact details
    email = models.EmailField("email address", max_length=254, blank=True)

    # Diversity information
    diversity_disclosed = models.BooleanField("diversity information shared", null=True, blank=True)
    ethnic_group = models.CharField(max_length=32, choices=EthnicGroup.choices, blank=True)
    ethnic_background = models.CharField(max_length=100, blank=True)
    disability_disclosure = models.CharField(
        "disability", max_length=32, choices=DisabilityDisclosure.choices, blank=True
    )
    disabilities = models.JSONField(default=list, blank=True)

    # Course details
    course_subject = models.CharField("subject", max_length=64, choices=Subject.choices, blank=True)
    course_subject_two = models.CharField(
        "second subject", max_length=64, choices=Subject.choices, blank=True
    )
    age_range = models.CharField(max_length=16, choices=AgeRange.choices, blank=True)
    education_phase = models.CharField(max_length=16, choices=EducationPhase.choices, blank=True)
    study_mode = models.CharField(
        "full time or part time", max_length=16, choices=StudyMode.choices, blank=True
    )
    itt_start_date = models.DateField("ITT start date", null=True, blank=True)
    itt_end_date = models.DateField("ITT end date", null=True, blank=True)

    # Trainee ID (the provider's own reference)
    trainee_id = models.CharField("trainee ID", max_length=20, blank=True)

    # Schools: the training partner is one of the provider's partners (providers.Partnership);
    # a lead school that is not one of them keeps its name as text.
    training_partner = models.ForeignKey(
        "providers.Provider",
        verbose_name="training partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_trainees",
    )
    lead_partner_school = models.CharField(max_length=150, blank=True)
    employing_school = models.CharField(max_length=150, blank=True)

    # A draft a training partner started for the provider: the partner fills it in and
    # sends it to be checked; the provider registers it or returns it with a comment.
    drafting_partner = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_review = models.CharField(
        "check", max_length=16, choices=PartnerReview.choices, blank=True
    )
    partner_comment = models.TextField("comment for the training partner", blank=True)

    # Funding
    funding_type = models.CharField(
        "funding", max_length=16, choices=FundingType.choices, blank=True
    )

    # Which sections the provider has marked as complete.
    personal_details_completed = models.BooleanField(default=False)
    contact_details_completed = models.BooleanField(default=False)
    diversity_completed = models.BooleanField(default=False)
    degrees_completed = models.BooleanField(default=False)
    course_details_completed = models.BooleanField(default=False)
    trainee_id_completed = models.BooleanField(default=False)
    schools_completed = models.BooleanField(default=False)
    funding_completed = models.BooleanField(default=False)

    trn = models.CharField(
        "TRN",
        max_length=7,
        null=True,
        blank=True,
        unique=True,
        validators=[RegexValidator(r"^\d{7}$", "TRN must be 7 digits")],
    )

    # When the record changed state.
    submitted_at = models.DateTimeField(null=True, blank=True)
    trn_received_at = models.DateTimeField(null=True, blank=True)
    recommended_on = models.DateField("date the standards were met", null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    # The support user who recorded the awarding body's decision.
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deferred_on = models.DateField("date of deferral", null=True, blank=True)
    reinstated_at = models.DateTimeField(null=True, blank=True)
    withdrawn_on = models.DateField("date of withdrawal", null=True, blank=True)
    withdrawal_reason = models.CharField(
        "reason for withdrawal", max_length=32, choices=WithdrawalReason.choices, blank=True
    )
    withdrawal_details = models.CharField("withdrawal details", max_length=500, blank=True)

    # Goes up by one with every change, so that a form drawn from an older version
    # cannot silently overwrite a newer one (optimistic locking: trainees.services).
    version = models.PositiveIntegerField(default=1)

    # Lower-cased names and identifiers, for search (see trainees.selectors).
    search_text = models.TextField(editable=False, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        bases=[ActingProviderHistory],
        excluded_fields=["search_text", "updated_at"],
        related_name="history_entries",
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trn__isnull=True) | models.Q(trn__regex=r"^[0-9]{7}$"),
                name="trainee_trn_is_7_digits",
            ),
        ]

    def __str__(self):
        return self.full_name or "New trainee"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if not self._state.adding:
            self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at", "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("trainees:record", args=[self.public_id])

    def build_search_text(self) -> str:
        parts = (self.first_names, self.middle_names, self.last_name, self.trn, self.trainee_id)
        return " ".join(part.strip().lower() for part in parts if part)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_names, self.last_name) if part)

    @property
    def is_early_years(self) -> bool:
        return self.training_route in EARLY_YEARS_ROUTES

    @property
    def state_label(self) -> str:
        return state_label(self.state, self.training_route)

    @property
    def award_name(self) -> str:
        return "EYTS" if self.is_early_years else "QTS"

    @property
    def is_draft(self) -> bool:
        return self.state == TraineeState.DRAFT


class Degree(models.Model):
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="degrees")
    uk_degree = models.BooleanField("UK degree", default=True)
    country = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=100)
    institution = models.CharField("awarding institution", max_length=150)
    grade = models.CharField(max_length=32, choices=DegreeGrade.choices)
    graduation_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(bases=[ActingProviderHistory], related_name="history_entries")

    class Meta:
        ordering = ["graduation_year", "id"]

    def __str__(self):
        return f"{self.subject}, {self.institution} ({self.graduation_year})"


class TrnCounter(models.Model):
    """The last TRN this service allocated: one row, locked while allocating."""

    last_trn = models.PositiveIntegerField()

    class Meta:
        verbose_name = "TRN counter"

    def __str__(self):
        return f"last TRN {self.last_trn:07d}"
