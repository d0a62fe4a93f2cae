"""Reads of trainee records. Every query for trainees starts from ``trainees_in_scope``."""

from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from providers.exceptions import RecordOfAnotherProvider
from providers.guard import ensure_form_matches_hat
from providers.hat import HAT
from trainees.filters import SORT_LAST_NAME, TraineeFilters, start_year_range
from trainees.models import Trainee

ORDERINGS = {
    "updated": ("-updated_at", "-id"),
    SORT_LAST_NAME: ("last_name", "first_names", "id"),
}


def scope_provider_ids(request) -> list[int]:
    """The providers whose records this request may see."""
    if request.provider_model == HAT:
        active = request.active_provider
        return [active.pk] if active is not None else []
    return [provider.pk for provider in request.user_providers]


def trainees_in_scope(request) -> QuerySet[Trainee]:
    """The one scope: the hat's records in the hat model, all the user's in the blended."""
    if not request.user.is_authenticated:
        return Trainee.objects.none()
    return Trainee.objects.filter(provider_id__in=scope_provider_ids(request))


def get_trainee(request, public_id, *, for_update_url: str | None = None) -> Trainee:
    """The record with this id, if the request may see it.

    In the hat model a record of another of the user's providers raises
    RecordOfAnotherProvider (a page offering to switch); anything else is a 404. A POST
    must come from a form drawn under the current hat (providers.guard).
    """
    trainee = (
        trainees_in_scope(request).select_related("provider").filter(public_id=public_id).first()
    )
    if trainee is not None:
        ensure_form_matches_hat(request)
        return trainee
    if request.provider_model == HAT and request.user.is_authenticated:
        member_of = [provider.pk for provider in request.user_providers]
        other = (
            Trainee.objects.filter(public_id=public_id, provider_id__in=member_of)
            .select_related("provider")
            .first()
        )
        if other is not None:
            continue_url = (
                request.get_full_path()
                if request.method in ("GET", "HEAD")
                else other.get_absolute_url()
            )
            raise RecordOfAnotherProvider(other.provider, continue_url)
    raise Http404("No trainee record found")


def apply_filters(queryset: QuerySet[Trainee], filters: TraineeFilters) -> QuerySet[Trainee]:
    for term in filters.search_terms:
        queryset = queryset.filter(search_text__contains=term)
    if filters.states:
        queryset = queryset.filter(state__in=filters.states)
    if filters.routes:
        queryset = queryset.filter(training_route__in=filters.routes)
    if filters.subjects:
        queryset = queryset.filter(course_subject__in=filters.subjects)
    if filters.study_modes:
        queryset = queryset.filter(study_mode__in=filters.study_modes)
    if filters.start_years:
        ranges = [Q(itt_start_date__range=start_year_range(year)) for year in filters.start_years]
        queryset = queryset.filter(reduce(or_, ranges))
    if filters.provider_ids:
        # Intersects with the scope already applied: a foreign id matches nothing.
        queryset = queryset.filter(provider_id__in=filters.provider_ids)
    return queryset.order_by(*ORDERINGS.get(filters.sort, ORDERINGS["updated"]))


LIST_COLUMNS = (
    "id",
    "public_id",
    "provider_id",
    "state",
    "training_route",
    "first_names",
    "last_name",
    "trn",
    "course_subject",
    "updated_at",
)


def filtered_trainees(request, filters: TraineeFilters) -> QuerySet[Trainee]:
    return apply_filters(trainees_in_scope(request), filters)


def record_counts_by_provider(providers) -> dict[int, int]:
    """How many records each provider has, in one query."""
    ids = [provider.pk for provider in providers]
    counts = dict.fromkeys(ids, 0)
    rows = (
        Trainee.objects.filter(provider_id__in=ids)
        .values_list("provider_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


def scope_counts_by_provider(request) -> dict[int, int]:
    """Records per provider within the request's scope."""
    rows = trainees_in_scope(request).values_list("provider_id").annotate(n=Count("id")).order_by()
    return dict(rows)
