"""Noting what users do, for the research dashboard: the recording API.

Views note an event once the work it is about has been done (``note``); the request's
events are written together after its response is ready (research.middleware), so a
page never waits on them, and never fails because of them: a failed write is logged and
forgotten. Nothing personal is kept: the user, the session and the record are keyed
hashes (research.keys), and ``detail`` takes only whitelisted keys whose values are
numbers, yes/no, or identifiers such as a section's key (never free text, names, search
terms or email addresses).

This module sits below providers and trainees (docs/architecture.md): it reads the
request's provider context by duck typing and imports neither.
"""

import logging
import re

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from research.keys import record_key, session_key, user_key
from research.models import Group, Kind, UsageEvent

logger = logging.getLogger(__name__)

PENDING = "_research_events"
# What an event may say besides its kind, and the type of each value.
IDENTIFIER = re.compile(r"^[a-z][a-z_]{0,39}$")
DETAIL_TYPES = {
    "from_provider": int,  # provider ids
    "to_provider": int,
    "source": str,  # chooser, header, switch_and_continue, stale_form, after_move
    "choice": str,  # switch, stay, switch_and_save, save_here, stay_without_saving
    "section": str,  # a section's key (trainees.sections)
    "draft": bool,
    "mover": str,  # provider_user, support
    "for_record": bool,
    "filtered_by_provider": bool,
    "providers": int,  # how many providers the list was filtered by
    "searched": bool,
    "filters": int,  # how many filters were in use
}
ACTIVE_PROVIDER = object()  # the default organisation: the hat, if any


def _allowed(value, expected: type) -> bool:
    if value is None or type(value) is expected and expected in (int, bool):
        return True
    return expected is str and isinstance(value, str) and bool(IDENTIFIER.match(value))


def clean_detail(detail: dict) -> dict:
    """``detail`` as stored, or ValueError for a key or value that could carry anything
    personal (a programming error, caught by the tests)."""
    cleaned = {}
    for key, value in detail.items():
        expected = DETAIL_TYPES.get(key)
        if expected is None:
            raise ValueError(f"{key!r} is not a usage event detail")
        if not _allowed(value, expected):
            raise ValueError(f"{key!r} cannot be {value!r} in a usage event")
        cleaned[key] = value
    return cleaned


def note(
    request,
    kind: str,
    *,
    organisation=ACTIVE_PROVIDER,
    record=None,
    model: str | None = None,
    user=None,
    **detail,
) -> None:
    """Note that ``kind`` happened, to be written once the response is ready.

    ``organisation``: who the user acted for (a Provider or its id; by default the hat);
    ``record``: the trainee record it was about (kept as a keyed hash of its public id);
    ``model``: the user's provider model, by default the request's.
    """
    if not settings.RESEARCH_EVENTS:
        return
    user = user if user is not None else getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    context = getattr(request, "provider_context", None)
    model = model or getattr(context, "model", None)
    if model not in Group.values:
        return
    if organisation is ACTIVE_PROVIDER:
        organisation = getattr(context, "active", None)
    organisation_id = getattr(organisation, "pk", organisation)
    event = UsageEvent(
        kind=Kind(kind),
        occurred_at=timezone.now(),
        model=model,
        user_key=user_key(user.pk),
        organisation_id=organisation_id,
        record_key=record_key(record.public_id) if record is not None else "",
        detail=clean_detail(detail),
    )
    request.__dict__.setdefault(PENDING, []).append(event)


def write_noted(request, response) -> None:
    """Write the events the request noted, unless its response is a server error.

    In its own transaction, or its own savepoint when the request runs in one, so that a
    failed insert leaves the request's own work alone; a database error is logged, never
    raised.
    """
    events = request.__dict__.pop(PENDING, None)
    if not events or response.status_code >= 500:
        return
    session = getattr(request, "session", None)
    hashed_session = session_key(getattr(session, "session_key", None))
    for event in events:
        event.session_key = hashed_session
    try:
        with transaction.atomic():
            UsageEvent.objects.bulk_create(events)
    except DatabaseError:
        logger.exception("could not record %d usage events; the page was not affected", len(events))
