"""Reads of trainee records. Every query for trainees starts from ``trainees_in_scope``."""

from dataclasses import dataclass
from functools import reduce
from math import ceil
from operator import or_

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404

from providers.exceptions import RecordOfAnotherProvider
from providers.guard import ensure_form_matches_hat
from providers.hat import HAT
from trainees.constants import EARLY_YEARS_ROUTES
from trainees.filters import (
    EYTS,
    QTS,
    SORT_LAST_NAME,
    STATUS_OPTIONS_BY_VALUE,
    TraineeFilters,
    start_year_range,
)
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


def get_trainee(request, public_id) -> Trainee:
    """The record with this id, if it belongs to one of the user's providers.

    Anything else is a 404. In the hat model, a record of another of the user's providers
    raises RecordOfAnotherProvider on a GET (a page offering to switch), and a POST must
    come from a form drawn under the current hat for a record of that hat: otherwise
    FormDrawnForAnotherProvider (providers.guard), and nothing is saved.
    """
    if not request.user.is_authenticated:
        raise Http404("No trainee record found")
    member_of = [provider.pk for provider in request.user_providers]
    trainee = (
        Trainee.objects.filter(public_id=public_id, provider_id__in=member_of)
        .select_related("provider")
        .first()
    )
    if trainee is None:
        raise Http404("No trainee record found")
    ensure_form_matches_hat(request, record_provider=trainee.provider)
    if trainee.provider_id not in scope_provider_ids(request):
        raise RecordOfAnotherProvider(trainee.provider, request.get_full_path())
    return trainee


def apply_filters(queryset: QuerySet[Trainee], filters: TraineeFilters) -> QuerySet[Trainee]:
    """Every filter but the provider one (see ``filtered_trainees``), then the sort order."""
    for term in filters.search_terms:
        queryset = queryset.filter(search_text__contains=term)
    if filters.statuses:
        queryset = queryset.filter(reduce(or_, map(status_condition, filters.statuses)))
    if filters.routes:
        queryset = queryset.filter(training_route__in=filters.routes)
    if filters.subjects:
        queryset = queryset.filter(course_subject__in=filters.subjects)
    if filters.study_modes:
        queryset = queryset.filter(study_mode__in=filters.study_modes)
    if filters.start_years:
        ranges = [Q(itt_start_date__range=start_year_range(year)) for year in filters.start_years]
        queryset = queryset.filter(reduce(or_, ranges))
    return queryset.order_by(*ordering(filters))


def status_condition(value: str) -> Q:
    """The records a status filter option stands for (trainees.filters.STATUS_OPTIONS)."""
    option = STATUS_OPTIONS_BY_VALUE[value]
    condition = Q(state=option.state)
    if option.award == EYTS:
        condition &= Q(training_route__in=EARLY_YEARS_ROUTES)
    elif option.award == QTS:
        condition &= ~Q(training_route__in=EARLY_YEARS_ROUTES)
    return condition


def ordering(filters: TraineeFilters) -> tuple[str, ...]:
    return ORDERINGS.get(filters.sort, ORDERINGS["updated"])


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


def filtered_provider_ids(request, filters: TraineeFilters) -> list[int]:
    """The providers a filtered list covers: the scope, narrowed by the provider filter.

    A provider outside the scope matches nothing; it never widens it.
    """
    in_scope = scope_provider_ids(request)
    if not filters.provider_ids:
        return in_scope
    wanted = set(filters.provider_ids)
    return [provider_id for provider_id in in_scope if provider_id in wanted]


def filtered_trainees(request, filters: TraineeFilters) -> QuerySet[Trainee]:
    queryset = trainees_in_scope(request)
    if filters.provider_ids:
        queryset = queryset.filter(provider_id__in=filtered_provider_ids(request, filters))
    return apply_filters(queryset, filters)


@dataclass
class TraineePage:
    """A page of the list: ``object_list`` holds tuples of LIST_COLUMNS' values."""

    object_list: list[tuple]
    number: int
    count: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.count / self.page_size))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages


def page_number(raw, num_pages: int) -> int:
    """The page asked for, within 1..num_pages; anything malformed is page 1."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return 1
    return min(max(int(text), 1), num_pages)


# Stands for the provider id in the one compiled part of the merged query.
_PROVIDER_PLACEHOLDER = -7_654_321_987


def _merged_rows(
    request, filters, provider_ids, offset: int, page_size: int, total_of=None
) -> list[tuple]:
    """The page as a merge of each provider's first rows (PostgreSQL).

    One provider's query is compiled by the ORM with the filters applied, then repeated
    for each provider as parts of a UNION ALL; PostgreSQL merges the parts (Merge Append)
    reading offset + page_size rows of each provider's index at most. ``provider_ids``
    come from the scope (``filtered_provider_ids``), so each part is scoped by its
    provider alone, which keeps the statement small to parse and plan. With
    ``total_of`` (a queryset) each row also carries how many records that queryset has,
    counted once by PostgreSQL in the same statement.
    """
    in_scope = set(scope_provider_ids(request))
    if not set(provider_ids) <= in_scope:
        raise ValueError("providers outside the request's scope")
    part = apply_filters(
        Trainee.objects.filter(provider_id=_PROVIDER_PLACEHOLDER), filters
    ).values_list(*LIST_COLUMNS)[: offset + page_size]
    sql, params = part.query.sql_with_params()
    slot = params.index(_PROVIDER_PLACEHOLDER)
    parts, all_params = [], []
    for provider_id in provider_ids:
        parts.append(f"({sql})")
        all_params.extend((*params[:slot], provider_id, *params[slot + 1 :]))
    order = ", ".join(
        f"{column.lstrip('-')} {'DESC' if column.startswith('-') else 'ASC'}"
        for column in ordering(filters)
    )
    columns = ", ".join(LIST_COLUMNS)
    total_params = []
    if total_of is not None:
        count_sql, total_params = total_of.order_by().values_list("pk").query.sql_with_params()
        columns += f", (SELECT COUNT(*) FROM ({count_sql}) AS counted) AS total"
    merged = (
        f"SELECT {columns} FROM ({' UNION ALL '.join(parts)}) AS merged "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(merged, [*total_params, *all_params, page_size, offset])
        return cursor.fetchall()


def trainee_page(request, filters: TraineeFilters, raw_page, page_size: int) -> TraineePage:
    """One page of the filtered list, and how many records match in all.

    On PostgreSQL a list over several providers reads each provider's first rows from
    its covering index and merges them (UNION ALL, then ORDER BY ... LIMIT), so the cost
    follows the page, not the number of records in scope. The count comes from the
    providers' trainee counts when it can, else from the same statement as the rows, so
    every variant of the list costs the same number of queries.
    """
    queryset = filtered_trainees(request, filters)
    count = known_count(request, filters)
    if count is not None:
        number = page_number(raw_page, max(1, ceil(count / page_size)))
        rows = (
            _rows(request, filters, queryset, (number - 1) * page_size, page_size) if count else []
        )
        return TraineePage(rows, number, count, page_size)
    wanted = page_number(raw_page, 10**8)
    counted = _rows(request, filters, queryset, (wanted - 1) * page_size, page_size, count=True)
    if counted or wanted == 1:
        total = counted[0][-1] if counted else 0
        return TraineePage([row[:-1] for row in counted], wanted, total, page_size)
    # A page past the end (an old bookmark): show the last page.
    count = queryset.count()
    number = page_number(raw_page, max(1, ceil(count / page_size)))
    rows = _rows(request, filters, queryset, (number - 1) * page_size, page_size)
    return TraineePage(rows, number, count, page_size)


def _rows(request, filters, queryset, offset: int, page_size: int, count: bool = False):
    provider_ids = filtered_provider_ids(request, filters)
    merge = connection.vendor == "postgresql" and len(provider_ids) > 1 and not filters.search_terms
    if merge:
        total_of = queryset if count else None
        try:
            return _merged_rows(request, filters, provider_ids, offset, page_size, total_of)
        except EmptyResultSet:  # filters that can match nothing
            return []
    if count:
        # Searches read every match anyway (trigram bitmap), so count them alongside.
        queryset = queryset.annotate(total=Window(Count("id")))
        return list(queryset.values_list(*LIST_COLUMNS, "total")[offset : offset + page_size])
    return list(queryset.values_list(*LIST_COLUMNS)[offset : offset + page_size])


def scope_counts_by_provider(request) -> dict[int, int]:
    """Records per provider within the request's scope (no query)."""
    in_scope = set(scope_provider_ids(request))
    return {p.pk: p.trainee_count for p in request.user_providers if p.pk in in_scope}


def known_count(request, filters: TraineeFilters) -> int | None:
    """How many records match, when the providers' counts tell (only the provider filter
    applies); None when the records must be counted."""
    if filters.narrows_within_providers:
        return None
    counts = scope_counts_by_provider(request)
    return sum(counts.get(pk, 0) for pk in filtered_provider_ids(request, filters))


def draft_origins(request, public_ids) -> list[tuple]:
    """For drafts in scope: (public id, route, when started, who started them)."""
    if not public_ids:
        return []
    rows = (
        trainees_in_scope(request)
        .filter(public_id__in=public_ids)
        .values_list(
            "public_id",
            "training_route",
            "created_at",
            "created_by__first_name",
            "created_by__last_name",
            "created_by__email",
        )
    )
    # A creator whose account was deleted leaves every part None: nobody is named then.
    return [
        (public_id, route, started, " ".join(filter(None, (first, last))) or email or "")
        for public_id, route, started, first, last, email in rows
    ]
