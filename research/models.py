"""What the usage research keeps: events of real use and in-service feedback.

Nothing here names a person or a trainee. Users, sessions and records are keyed hashes
(research.keys); ``detail`` holds only whitelisted, non-personal values (research.events);
there is no free text but the feedback comment, which its form warns not to fill with
personal data and which is deleted with everything else after RESEARCH_RETENTION_DAYS.
"""

from django.db import models


class Group(models.TextChoices):
    """The provider models compared: providers.provider_models' HAT and BLENDED (research
    sits below providers and cannot import them; tests check the names match)."""

    HAT = "hat", "Hat model"
    BLENDED = "blended", "Blended model"


class Kind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    PROVIDER_CHOSEN = "provider_chosen", "Provider chosen or switched"
    OTHER_PROVIDER_PAGE = "other_provider_page", "“Record belongs to your other provider” shown"
    OTHER_PROVIDER_ANSWER = "other_provider_answer", "Answer to “record belongs to…”"
    STALE_FORM_REFUSED = "stale_form_refused", "Form drawn for another provider refused"
    STALE_FORM_CHOICE = "stale_form_choice", "Choice after a refused form"
    DRAFT_STARTED = "draft_started", "Draft started"
    SECTION_SAVED = "section_saved", "Section saved"
    SENT_FOR_CHECK = "sent_for_check", "Draft sent to the provider to check"
    REGISTERED = "registered", "Registered and TRN requested"
    RECORD_MOVED = "record_moved", "Record moved to another provider"
    LIST_VIEWED = "list_viewed", "Trainee list viewed"
    EXPORTED = "exported", "Trainee list exported"


class UsageEvent(models.Model):
    kind = models.CharField(max_length=32, choices=Kind.choices)
    occurred_at = models.DateTimeField(db_index=True)
    model = models.CharField(max_length=8, choices=Group.choices)
    user_key = models.CharField(max_length=32)
    session_key = models.CharField(max_length=32)
    # The organisation the user acted for (an id: organisations are not people). Not a
    # foreign key: research reads its own table only, and an event outlives nothing.
    organisation_id = models.BigIntegerField(null=True, blank=True)
    record_key = models.CharField(max_length=32, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["model", "kind", "occurred_at"])]
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"{self.kind} ({self.model}) at {self.occurred_at:%Y-%m-%d %H:%M}"


class Feedback(models.Model):
    class Score(models.IntegerChoices):
        VERY_EASY = 5, "Very easy"
        EASY = 4, "Easy"
        NEITHER = 3, "Neither easy nor difficult"
        DIFFICULT = 2, "Difficult"
        VERY_DIFFICULT = 1, "Very difficult"

    COMMENT_MAX_LENGTH = 1200

    score = models.PositiveSmallIntegerField(choices=Score.choices)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    model = models.CharField(max_length=8, choices=Group.choices)
    user_key = models.CharField(max_length=32)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.get_score_display()} ({self.model})"
