"""Reads of trainee records. Every query for trainees starts from ``trainees_in_scope``."""

import dataclasses
import hashlib
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache, reduce, wraps
from math import ceil
from operator import or_

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, Q, QuerySet, Window

from providers.context import ACCREDITED, EDITING, TRAINING_PARTNER
from trainees.compiled import CompiledQuery
from trainees.constants import EARLY_YEARS_ROUTES, PartnerReview
from trainees.filters import (
    EYTS,
    QTS,
    SORT_LAST_NAME,
    STATUS_OPTIONS_BY_VALUE,
    TO_CHECK,
    TraineeFilters,
    start_year_range,
)
from trainees.models import Trainee

ORDERINGS = {
    "updated": ("-updated_at", "-id"),
    SORT_LAST_NAME: ("last_name", "first_names", "id"),
}


@dataclass(frozen=True)
class Scope:
    """Whose records a list covers: accredited providers' own records, and the records
    linked to training partners (those not already covered through their provider)."""

    provider_ids: tuple[int, ...] = ()
    partner_ids: tuple[int, ...] = ()

    @property
    def condition(self) -> Q:
        own = Q(provider_id__in=self.provider_ids)
        linked = Q(training_partner_id__in=self.partner_ids) & ~own
        return own | linked

    @property
    def is_empty(self) -> bool:
        return not (self.provider_ids or self.partner_ids)


def scope_of(context) -> Scope:
    """The one scope: the hat's records in the hat model, all the user's in the blended."""
    if not context.user.is_authenticated:
        return Scope()
    return Scope(context.scope_provider_ids, context.scope_partner_ids)


def trainees_in_scope(context) -> QuerySet[Trainee]:
    scope = scope_of(context)
    if scope.is_empty:
        return Trainee.objects.none()
    return Trainee.objects.filter(scope.condition)


def find_trainee(context, public_id) -> Trainee | None:
    """The record with this id if it belongs to one of the user's organisations, or is
    linked to one of their training partners; else None.

    In the hat model it may belong to another of their organisations than the hat: the
    caller decides what to do about that (trainees.decorators.record_page).
    """
    if not context.user.is_authenticated or not context.providers:
        return None
    mine = context.provider_ids
    query, record_placeholder, placeholders = _record_query(len(mine))
    values = dict(zip(placeholders, mine, strict=True))
    values[record_placeholder] = _public_id_value(public_id)
    found = query(values)
    return found[0] if found else None


def degrees_of(trainee: Trainee) -> list:
    """The record's degrees, oldest first (a query compiled once a process)."""
    return _degrees_query()({_PLACEHOLDER: trainee.pk})


@cache
def _degrees_query() -> CompiledQuery:
    return CompiledQuery(Trainee(pk=_PLACEHOLDER).degrees.all(), [_PLACEHOLDER])


_RECORD_ID = uuid.UUID(int=0x7654_3219_8765_4321)


def _public_id_value(value):
    """A record id as the database takes it (a UUID on PostgreSQL, hex on SQLite)."""
    field = Trainee._meta.get_field("public_id")
    return field.get_db_prep_value(value, connection)


@lru_cache(maxsize=64)
def _record_query(organisations: int) -> tuple[CompiledQuery, object, tuple[int, ...]]:
    """The record query for a user of this many organisations, compiled once, with the
    placeholders of the record's id (as the database takes it) and of the organisations."""
    mine = tuple(_PLACEHOLDER - n for n in range(organisations))
    queryset = (
        Trainee.objects.filter(
            Q(provider_id__in=mine) | Q(training_partner_id__in=mine),
            public_id=_RECORD_ID,
        )
        .select_related("provider", "training_partner")
        .order_by("pk")[:1]
    )
    record = _public_id_value(_RECORD_ID)
    return CompiledQuery(queryset, [record, *mine]), record, mine


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
    if value == TO_CHECK:
        condition &= Q(partner_review=PartnerReview.TO_CHECK)
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


def filtered_scope(context, filters: TraineeFilters) -> Scope:
    """The scope, narrowed by the organisation and organisation type filters.

    An organisation outside the scope matches nothing; it never widens it.
    """
    scope = scope_of(context)
    providers, partners = scope.provider_ids, scope.partner_ids
    if filters.provider_ids:
        wanted = set(filters.provider_ids)
        providers = tuple(pk for pk in providers if pk in wanted)
        partners = tuple(pk for pk in partners if pk in wanted)
    if filters.organisation_types:
        providers = providers if ACCREDITED in filters.organisation_types else ()
        partners = partners if TRAINING_PARTNER in filters.organisation_types else ()
    return Scope(providers, partners)


def filtered_trainees(context, filters: TraineeFilters) -> QuerySet[Trainee]:
    scope = filtered_scope(context, filters)
    if scope.is_empty:
        return Trainee.objects.none()
    return apply_filters(Trainee.objects.filter(scope.condition), filters)


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


# Stands for the organisation's id in the compiled parts of the merged query.
_PLACEHOLDER = -7_654_321_987


@lru_cache(maxsize=512)
def _compiled_part(filters: TraineeFilters, limit: int | None, excluded_providers: tuple | None):
    """One organisation's part of the merged query as SQL, with where its id goes in the
    parameters: an accredited provider's records, or (with ``excluded_providers``) a
    training partner's linked records of other providers; with no ``limit``, how many
    records match. Compiled by the ORM once per
    process for each set of filters: compiling took a quarter of a list page's query time.
    """
    if excluded_providers is None:
        queryset = Trainee.objects.filter(provider_id=_PLACEHOLDER)
    else:
        queryset = Trainee.objects.filter(training_partner_id=_PLACEHOLDER).exclude(
            provider_id__in=excluded_providers
        )
    if limit is None:  # how many records match
        part = apply_filters(queryset, filters).order_by().values_list("pk")
        sql, params = part.query.sql_with_params()
        return f"(SELECT COUNT(*) FROM ({sql}) AS part)", params, params.index(_PLACEHOLDER)
    part = apply_filters(queryset, filters).values_list(*LIST_COLUMNS)[:limit]
    sql, params = part.query.sql_with_params()
    return f"({sql})", params, params.index(_PLACEHOLDER)


def _parts(filters, ids, limit: int | None, excluded_providers=None) -> tuple[list[str], list]:
    """One compiled query per organisation, repeated with each id in the placeholder's
    place."""
    if not ids:
        return [], []
    sql, params, slot = _compiled_part(filters, limit, excluded_providers)
    all_params = []
    for pk in ids:
        all_params.extend((*params[:slot], pk, *params[slot + 1 :]))
    return [sql] * len(ids), all_params


def _merged_rows(
    context,
    filters,
    scope: Scope,
    offset: int,
    page_size: int,
    *,
    count: bool = False,
    providers_count: int | None = None,
) -> list[tuple]:
    """The page as a merge of each organisation's first rows (PostgreSQL).

    One organisation's query is compiled by the ORM with the filters applied (once a
    process for each set of filters), then repeated for each organisation as parts of a
    UNION ALL; PostgreSQL merges the parts (Merge Append) reading offset + page_size rows
    of each one's index at most; one organisation is one part. Each part is scoped by one
    accredited provider (its records) or one training partner (records linked to it, but
    not those of a provider already in the scope), which keeps the statement small to
    parse and plan. With ``count`` each row also carries how many records match in all,
    counted in the same statement, organisation by organisation (so each count is an
    index-only scan of that organisation's range); ``providers_count``: how many of the
    providers' own records match, when their counters tell, so only the partners' are
    counted.
    """
    allowed = scope_of(context)
    if not (
        set(scope.provider_ids) <= set(allowed.provider_ids)
        and set(scope.partner_ids) <= set(allowed.partner_ids)
    ):
        raise ValueError("organisations outside the user's scope")
    limit = offset + page_size
    parts, all_params = _parts(filters, scope.provider_ids, limit)
    partner_parts, partner_params = _parts(
        filters, scope.partner_ids, limit, excluded_providers=tuple(scope.provider_ids)
    )
    parts += partner_parts
    all_params += partner_params
    order = ", ".join(
        f"{column.lstrip('-')} {'DESC' if column.startswith('-') else 'ASC'}"
        for column in ordering(filters)
    )
    merged = (
        f"SELECT {', '.join(LIST_COLUMNS)} FROM ({' UNION ALL '.join(parts)}) AS merged "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    total_params = []
    if count:
        counts, total_params = _parts(
            filters, scope.partner_ids, None, excluded_providers=tuple(scope.provider_ids)
        )
        if providers_count is None:
            provider_counts, provider_params = _parts(filters, scope.provider_ids, None)
            counts, total_params = provider_counts + counts, provider_params + total_params
        total_params = [providers_count or 0, *total_params]
        # Added to the page's rows only, not to every row the merge passes on a deep page.
        merged = (
            f"SELECT page.*, {' + '.join(['%s', *counts])} AS total FROM ({merged}) AS page "
            f"ORDER BY {order}"
        )
    with _planned_once_cursor() as cursor:
        cursor.execute(merged, [*total_params, *all_params, page_size, offset])
        return cursor.fetchall()


class _LoggedCursor(CursorWrapper):
    """Logs its statements where Django's debug cursor would (connection.queries), with
    the parameters in place: Django cannot read them back from a cursor that binds on
    the server."""

    def execute(self, sql, params=None):
        started = time.monotonic()
        try:
            return super().execute(sql, params)
        finally:
            if self.db.queries_logged:
                self.db.queries_log.append(
                    {
                        "sql": self.db.ops.compose_sql(sql, params),
                        "time": f"{time.monotonic() - started:.3f}",
                    }
                )


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


@contextmanager
def _planned_once_cursor():
    """A cursor whose statements PostgreSQL prepares: planning the merged list's
    statement (a part per organisation) took longer than running it, about 1 to 1.5 ms
    for 20 providers; prepared, it is planned once a connection for each set of filters.
    Django's own cursors bind parameters in the client, which cannot be prepared."""
    connection.ensure_connection()
    # Wrapped as Django wraps its own cursors: execute wrappers and its database errors.
    cursor = _LoggedCursor(_preparing_cursor_class()(connection.connection), connection)
    try:
        yield cursor
    finally:
        cursor.close()


def trainee_page(context, filters: TraineeFilters, raw_page, page_size: int) -> TraineePage:
    """One page of the filtered list, and how many records match in all.

    On PostgreSQL a list over several providers reads each provider's first rows from
    its covering index and merges them (UNION ALL, then ORDER BY ... LIMIT), so the cost
    follows the page, not the number of records in scope. The count comes from the
    providers' trainee counts when it can, else from the same statement as the rows, so
    every variant of the list costs the same number of queries.
    """
    scope = filtered_scope(context, filters)
    providers_count = providers_known_count(context, filters, scope)
    # With no training partner's records in the list, the counters tell the whole count.
    count = None if scope.partner_ids else providers_count
    if count is not None:
        number = page_number(raw_page, max(1, ceil(count / page_size)))
        rows = _rows(context, filters, scope, (number - 1) * page_size, page_size) if count else []
        return TraineePage(rows, number, count, page_size)
    wanted = page_number(raw_page, 10**8)
    counted = _rows(
        context,
        filters,
        scope,
        (wanted - 1) * page_size,
        page_size,
        count=True,
        providers_count=providers_count,
    )
    if counted or wanted == 1:
        total = counted[0][-1] if counted else 0
        return TraineePage([row[:-1] for row in counted], wanted, total, page_size)
    # A page past the end (an old bookmark): show the last page.
    count = filtered_trainees(context, filters).count()
    number = page_number(raw_page, max(1, ceil(count / page_size)))
    rows = _rows(context, filters, scope, (number - 1) * page_size, page_size)
    return TraineePage(rows, number, count, page_size)


def kept_in_the_list_cache(read_rows):
    """Keeps each page ``read_rows`` reads in the list cache, under the page (its scope,
    filters and place) and the current version of each organisation's records
    (``Provider.records_version``, read with the memberships). A change to any of those
    records changes the key, so a kept page is never older than the versions in its key;
    asking again for a page, as a user does when they come back to the list from a
    record, then costs no query for its rows."""

    @wraps(read_rows)
    def read_or_kept(context, filters, scope: Scope, *page, **counting):
        # Each organisation in the scope is one of the user's, read with its version.
        versions = [
            context.provider(pk).records_version for pk in (*scope.provider_ids, *scope.partner_ids)
        ]
        # Hashed: the key holds the search's terms, which are not for the cache to keep.
        described = repr((scope, versions, filters, page, sorted(counting.items())))
        key = "page:" + hashlib.blake2b(described.encode(), digest_size=20).hexdigest()
        cache = caches["lists"]
        rows = cache.get(key)
        if rows is None:
            rows = read_rows(context, filters, scope, *page, **counting)
            cache.set(key, rows)
        return rows

    return read_or_kept


@kept_in_the_list_cache
def _rows(
    context,
    filters,
    scope: Scope,
    offset: int,
    page_size: int,
    count: bool = False,
    providers_count: int | None = None,
) -> list[tuple]:
    """The page's rows; with ``count`` each row also carries how many records match in
    all. ``providers_count``, when the providers' counters tell it, leaves only the
    records linked through training partners to count."""
    organisations = len(scope.provider_ids) + len(scope.partner_ids)
    # One organisation too: its part is compiled once a process, not once a request.
    merge = connection.vendor == "postgresql" and organisations and not filters.search_terms
    if merge:
        try:
            return _merged_rows(
                context,
                filters,
                scope,
                offset,
                page_size,
                count=count,
                providers_count=providers_count,
            )
        except EmptyResultSet:  # filters that can match nothing
            return []
    searched = connection.vendor == "postgresql" and filters.search_terms and organisations
    if count and searched:
        try:
            return _searched_rows(scope, filters, offset, page_size)
        except EmptyResultSet:  # filters that can match nothing
            return []
    queryset = filtered_trainees(context, filters)
    if count:
        # Searches read every match anyway (trigram bitmap), so count them alongside.
        queryset = queryset.annotate(total=Window(Count("id")))
        return list(queryset.values_list(*LIST_COLUMNS, "total")[offset : offset + page_size])
    return list(queryset.values_list(*LIST_COLUMNS)[offset : offset + page_size])


# Stands for the n-th search term in a compiled search: no search keeps this character
# (trainees.filters.clean_search keeps printable characters only).
_TERM = "\x1fterm{}\x1f"


def _searched_rows(scope: Scope, filters: TraineeFilters, offset: int, page_size: int):
    """A page of a search over the whole scope, each row with how many records match
    (the trigram index finds every match anyway, so they are counted alongside)."""
    sql, params, replace = _compiled_search(
        dataclasses.replace(filters, search="", search_terms=()),  # every search alike
        len(filters.search_terms),
        len(scope.provider_ids),
        len(scope.partner_ids),
        offset,
        page_size,
    )
    actual = dict(
        zip(
            replace,
            (
                *scope.provider_ids,
                *scope.partner_ids,
                *(f"%{connection.ops.prep_for_like_query(t)}%" for t in filters.search_terms),
            ),
            strict=True,
        )
    )
    # Prepared as the list's statement is: planned once a connection for each shape of
    # search, not for every request (0.3 ms of its 2.7 ms at a million records).
    with _planned_once_cursor() as cursor:
        cursor.execute(sql, [actual.get(param, param) for param in params])
        return cursor.fetchall()


@lru_cache(maxsize=256)
def _compiled_search(
    shape: TraineeFilters, terms: int, providers: int, partners: int, offset: int, page_size: int
):
    """A search's SQL for this shape (the other filters, how many terms, providers and
    partners, which page), compiled once a process, with the placeholder parameters that
    stand for the scope's ids and the terms' patterns, in that order."""
    provider_ids = tuple(_PLACEHOLDER - n for n in range(providers))
    partner_ids = tuple(_PLACEHOLDER - 10_000 - n for n in range(partners))
    placeholder_terms = tuple(_TERM.format(n) for n in range(terms))
    filters = dataclasses.replace(
        shape, search=" ".join(placeholder_terms), search_terms=placeholder_terms
    )
    queryset = apply_filters(
        Trainee.objects.filter(Scope(provider_ids, partner_ids).condition), filters
    )
    queryset = queryset.annotate(total=Window(Count("id"))).values_list(*LIST_COLUMNS, "total")
    sql, params = queryset[offset : offset + page_size].query.sql_with_params()
    patterns = tuple(f"%{term}%" for term in placeholder_terms)
    return sql, params, (*provider_ids, *partner_ids, *patterns)


def scope_counts_by_provider(context) -> dict[int, int]:
    """Records per accredited provider within the user's scope (no query)."""
    in_scope = set(context.scope_provider_ids)
    return {p.pk: p.trainee_count for p in context.providers if p.pk in in_scope}


def providers_known_count(context, filters: TraineeFilters, scope: Scope) -> int | None:
    """How many of the accredited providers' own records in ``scope`` (the filtered scope)
    match, when their counters tell (only the provider filter applies); None when the
    records must be counted."""
    if filters.narrows_within_providers:
        return None
    counts = scope_counts_by_provider(context)
    return sum(counts.get(pk, 0) for pk in scope.provider_ids)


def draft_origins(context, public_ids) -> list[tuple]:
    """For drafts in scope: (public id, route, when started, who started them)."""
    if not public_ids:
        return []
    rows = (
        trainees_in_scope(context)
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


def to_check_count(context) -> int:
    """Drafts training partners sent to the providers in view that the user edits for
    (kept on each provider: no query)."""
    return sum(
        provider.drafts_to_check
        for provider in context.in_view
        if provider.kind == ACCREDITED and context.role_at(provider.pk) in EDITING
    )
