"""The research dashboard's figures, for the hat and blended groups over a date range.

Reads research's own tables only (docs/research.md says how each figure is worked out).
A registration belongs to the group of the user who registered; its time is from the
record's "draft started" event (kept as long as the registration's, RESEARCH_RETENTION_DAYS)
and its sessions are the distinct sessions of the record's events up to registration.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from research.models import Feedback, Group, Kind, UsageEvent
from research.statistics import Estimate, mean, mean_of, quantile, rate, wilson

GROUPS = (Group.HAT, Group.BLENDED)
SWITCH = Q(kind=Kind.PROVIDER_CHOSEN) & ~Q(detail__from_provider=None)


@dataclass(frozen=True)
class Figure:
    """One comparison: a figure for each group, how to print it, and what n counts."""

    key: str
    title: str
    unit: str  # "hours", "sessions", "per session", "per 100", "share", "score"
    sample: str  # what the sample size counts
    estimates: dict  # group -> Estimate
    applies_to: tuple = GROUPS

    @property
    def comparable(self) -> bool:
        return all(not self.estimates[group].too_few for group in self.applies_to)


@dataclass(frozen=True)
class Totals:
    users: int
    sessions: int
    registrations: int


def events_between(start: datetime.datetime, end: datetime.datetime):
    return UsageEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end)


def totals(events) -> dict:
    rows = events.values("model").annotate(
        users=Count("user_key", distinct=True),
        sessions=Count("session_key", distinct=True),
        registrations=Count("pk", filter=Q(kind=Kind.REGISTERED)),
    )
    found = {
        row["model"]: Totals(row["users"], row["sessions"], row["registrations"]) for row in rows
    }
    return {group: found.get(group, Totals(0, 0, 0)) for group in GROUPS}


def kind_counts(events) -> dict:
    """{(group, name): count} of the events each figure counts."""
    rows = events.values("model").annotate(
        switches=Count("pk", filter=SWITCH),
        moves=Count("pk", filter=Q(kind=Kind.RECORD_MOVED)),
        refusals=Count("pk", filter=Q(kind=Kind.STALE_FORM_REFUSED)),
        other_pages=Count("pk", filter=Q(kind=Kind.OTHER_PROVIDER_PAGE)),
        list_views=Count("pk", filter=Q(kind=Kind.LIST_VIEWED)),
        provider_filtered=Count(
            "pk", filter=Q(kind=Kind.LIST_VIEWED, detail__filtered_by_provider=True)
        ),
    )
    counts = defaultdict(int)
    for row in rows:
        for name, value in row.items():
            if name != "model":
                counts[row["model"], name] = value
    return counts


def switches_per_session(events, sessions: int) -> Estimate:
    """Mean switches a session, sessions without a switch counting 0 (the events of a
    group: one row per session that switched)."""
    per_session = [
        row["n"] for row in events.filter(SWITCH).values("session_key").annotate(n=Count("pk"))
    ]
    total = sum(per_session)
    squares = sum(n * n for n in per_session)
    return mean_of(total, squares, sessions) if sessions else Estimate(None, None, None, 0)


def registration_journeys(events) -> dict:
    """For each group: (hours from draft started to registered, sessions it took) of each
    record registered in the range whose start is known."""
    registered = list(
        events.filter(kind=Kind.REGISTERED).values_list("record_key", "model", "occurred_at")
    )
    keys = {key for key, _, _ in registered}
    started = dict(
        UsageEvent.objects.filter(kind=Kind.DRAFT_STARTED, record_key__in=keys)
        .values("record_key")
        .annotate(first=Min("occurred_at"))
        .values_list("record_key", "first")
    )
    record_events = defaultdict(list)
    for key, session, occurred in UsageEvent.objects.filter(record_key__in=keys).values_list(
        "record_key", "session_key", "occurred_at"
    ):
        record_events[key].append((occurred, session))
    journeys = {group: [] for group in GROUPS}
    for key, group, registered_at in registered:
        start = started.get(key)
        if start is None or start > registered_at or group not in journeys:
            continue
        sessions = {s for when, s in record_events[key] if start <= when <= registered_at}
        hours = (registered_at - start).total_seconds() / 3600
        journeys[group].append((hours, len(sessions)))
    return journeys


def feedback_scores(start, end) -> dict:
    rows = (
        Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("model", "score")
        .annotate(n=Count("pk"))
    )
    by_group = defaultdict(list)
    for row in rows:
        by_group[row["model"]].extend([row["score"]] * row["n"])
    return by_group


def comments(start, end, limit: int = 50):
    return list(
        Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(comment="")
        .order_by("-created_at")
        .values("created_at", "model", "score", "comment")[:limit]
    )


def figures(start: datetime.datetime, end: datetime.datetime) -> tuple[dict, list[Figure]]:
    """The totals and every comparison, for events in [start, end)."""
    events = events_between(start, end)
    total = totals(events)
    counts = kind_counts(events)
    journeys = registration_journeys(events)
    scores = feedback_scores(start, end)

    def each(compute):
        return {group: compute(group) for group in GROUPS}

    return total, [
        Figure(
            "time_to_register_median",
            "Median time from starting a draft to registering it",
            "hours",
            "registrations",
            each(lambda g: quantile([h for h, _ in journeys[g]], 0.5)),
        ),
        Figure(
            "time_to_register_p90",
            "90th percentile of time from starting a draft to registering it",
            "hours",
            "registrations",
            each(lambda g: quantile([h for h, _ in journeys[g]], 0.9)),
        ),
        Figure(
            "sessions_to_register",
            "Median sessions from starting a draft to registering it",
            "sessions",
            "registrations",
            each(lambda g: quantile([s for _, s in journeys[g]], 0.5)),
        ),
        Figure(
            "switches_per_session",
            "Provider switches per session",
            "per session",
            "sessions",
            each(lambda g: switches_per_session(events.filter(model=g), total[g].sessions)),
        ),
        Figure(
            "switches_per_registration",
            "Provider switches per registration",
            "per registration",
            "registrations",
            each(lambda g: rate(counts[g, "switches"], total[g].registrations)),
        ),
        Figure(
            "moves_per_100_registrations",
            "Records moved to another provider per 100 registrations",
            "per 100 registrations",
            "registrations",
            each(lambda g: rate(counts[g, "moves"], total[g].registrations, 100)),
        ),
        Figure(
            "refusals_per_100_sessions",
            "Forms refused because the provider changed, per 100 sessions",
            "per 100 sessions",
            "sessions",
            each(lambda g: rate(counts[g, "refusals"], total[g].sessions, 100)),
        ),
        Figure(
            "other_provider_pages_per_100_sessions",
            "“Record belongs to your other provider” pages per 100 sessions",
            "per 100 sessions",
            "sessions",
            each(lambda g: rate(counts[g, "other_pages"], total[g].sessions, 100)),
        ),
        Figure(
            "list_views_filtered_by_provider",
            "Share of list views filtered by provider",
            "share",
            "list views",
            each(lambda g: wilson(counts[g, "provider_filtered"], counts[g, "list_views"])),
            applies_to=(Group.BLENDED,),
        ),
        Figure(
            "feedback_score",
            "Feedback: how easy working across providers was (1 very difficult to 5 very easy)",
            "score",
            "answers",
            each(lambda group: mean(scores.get(group, []))),
        ),
    ]
