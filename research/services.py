"""What the research app writes on a user's behalf (usage events are noted in
research.events, and written by research.middleware)."""

from django.utils import timezone

from research.keys import user_key
from research.models import Feedback, Group


def give_feedback(*, user, model: str, score: int, comment: str) -> Feedback:
    """Keep a feedback answer with the user's provider model and pseudonymous key
    (research.keys), never their name or email address."""
    return Feedback.objects.create(
        score=score,
        comment=comment,
        # Group() refuses a model the dashboard could not compare: a programming error.
        model=Group(model),
        user_key=user_key(user.pk),
        created_at=timezone.now(),
    )
