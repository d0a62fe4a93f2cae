"""What the trainee list page shows around the rows: tags, pagination, sort links."""

from functools import lru_cache

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup, escape

from govuk.forms import format_date
from providers.policy import is_view_only
from providers.selectors import provider_names_of
from trainees import selectors
from trainees.constants import (
    ROUTE_LABELS,
    STATE_TAG_CLASSES,
    STUDY_MODE_LABELS,
    SUBJECT_LABELS,
    TraineeState,
    TrainingRoute,
    state_label,
)
from trainees.filters import (
    ORGANISATION_TYPES,
    SORT_CHOICES,
    SORT_UPDATED,
    STATUS_LABELS,
    FilterGroup,
    TraineeFilters,
    academic_year_label,
)


def _escaped(labels: dict) -> dict:
    return {key: escape(label) for key, label in labels.items()}


# The list shows the same few labels on every row: escape them once, not 100 times a page.
ROUTE_HTML = _escaped(ROUTE_LABELS)
SUBJECT_HTML = _escaped(SUBJECT_LABELS)


def status_tag(state: str, route: str) -> str:
    """What govukTag draws for the state (tests/trainees/test_list.py compares them)."""
    classes = STATE_TAG_CLASSES.get(state)
    extra = f" {escape(classes)}" if classes else ""
    return f'<strong class="govuk-tag{extra}">\n  {escape(state_label(state, route))}\n</strong>'


STATUS_TAG_HTML = {
    (state, route): status_tag(state, route) for state in TraineeState for route in TrainingRoute
}
NO_NAME = escape("Record with no name")
HINT = '<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-0">{}</span>'
VIEW_ONLY_HTML = HINT.format("View only")
CELL = '<td class="govuk-table__cell">{}</td>'


class RowMaker:
    """Makes the page's rows as GOV.UK table rows, working out once per page what every
    row shares: the time zone, each provider's name, each day's date as the list prints
    it.

    The list draws 100 rows a page; written by a template, each cell is a getattr, an
    escape and a generator step, about three quarters of the page's rendering time. Here
    labels are escaped once at import, free text (names, TRNs) once a row, and a row is
    one string.
    """

    def __init__(
        self, base_url: str, provider_names: dict, unnamed: dict, editable, *, show_providers
    ):
        self.base_url = base_url
        self.provider_names = {pk: escape(name) for pk, name in provider_names.items()}
        self.unnamed = unnamed
        self.editable = editable
        self.show_providers = show_providers
        self.zone = timezone.get_current_timezone()
        self.dates = {}

    def date(self, moment) -> str:
        day = moment.astimezone(self.zone).date()
        text = self.dates.get(day)
        if text is None:
            text = self.dates[day] = f"{day.day} {day:%b %Y}"
        return text

    def __call__(self, values) -> Markup:
        (_id, public_id, provider_id, state, route, first, last, trn, subject, updated) = values
        name = f"{first} {last}".strip()
        name = escape(name) if name else escape(self.unnamed.get(public_id, NO_NAME))
        view_only = self.editable is not None and provider_id not in self.editable
        subject_label = SUBJECT_HTML.get(subject)
        status = STATUS_TAG_HTML.get((state, route)) or status_tag(state, route)
        cells = [
            # A UUID in the link: nothing to escape.
            f'<a class="govuk-link" href="{self.base_url}{public_id}/">{name}</a>'
            + (VIEW_ONLY_HTML if view_only else ""),
            escape(trn or ""),
            f"{ROUTE_HTML.get(route, '')}{HINT.format(subject_label) if subject_label else ''}",
        ]
        if self.show_providers:
            cells.append(self.provider_names.get(provider_id, ""))
        cells.append(f"{status}{HINT.format('Updated ' + self.date(updated))}")
        return Markup(
            '<tr class="govuk-table__row">' + "".join(CELL.format(cell) for cell in cells) + "</tr>"
        )


def _query_without(query: QueryDict, name: str, value: str | None = None) -> str:
    copy = query.copy()
    copy.pop("page", None)
    if value is None:
        copy.pop(name, None)
    else:
        copy.setlist(name, [v for v in copy.getlist(name) if v != value])
    encoded = copy.urlencode()
    return f"?{encoded}" if encoded else "?"


TYPE_LABELS = dict(ORGANISATION_TYPES)


def selected_filter_tags(query: QueryDict, filters: TraineeFilters, providers) -> list[dict]:
    """The MOJ "selected filters" categories: each value with a link that removes it."""
    names = {provider.pk: provider.name for provider in providers}
    categories = []

    def add(heading, param, values, label):
        items = [
            {"text": label(value), "href": _query_without(query, param, str(value))}
            for value in values
            if label(value)
        ]
        if items:
            categories.append({"heading": heading, "items": items})

    if filters.search:
        categories.append(
            {
                "heading": "Search",
                "items": [{"text": filters.search, "href": _query_without(query, "q")}],
            }
        )
    add("Status", "status", filters.statuses, STATUS_LABELS.get)
    add("Training route", "route", filters.routes, ROUTE_LABELS.get)
    add("Subject", "subject", filters.subjects, SUBJECT_LABELS.get)
    add("Start year", "start_year", filters.start_years, academic_year_label)
    add("Study mode", "study_mode", filters.study_modes, STUDY_MODE_LABELS.get)
    add("Provider", "provider", filters.provider_ids, names.get)
    add("Organisation type", "organisation_type", filters.organisation_types, TYPE_LABELS.get)
    return categories


def pagination(page, query: QueryDict) -> dict | None:
    """GOV.UK pagination items, keeping the filters in every link."""
    num_pages = page.num_pages
    if num_pages <= 1:
        return None

    def href(number):
        copy = query.copy()
        copy["page"] = str(number)
        return f"?{copy.urlencode()}"

    current = page.number
    shown = sorted({1, num_pages, current - 1, current, current + 1} & set(range(1, num_pages + 1)))
    items, previous = [], 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == current})
        previous = number
    return {
        "items": items,
        "previous": href(current - 1) if page.has_previous() else "",
        "next": href(current + 1) if page.has_next() else "",
    }


CHECKBOX = (
    '\n<div class="govuk-checkboxes__item">\n'
    '<input class="govuk-checkboxes__input" id="{id}" name="{name}" type="checkbox" '
    'value="{value}"{checked}>\n'
    '<label class="govuk-label govuk-checkboxes__label" for="{id}">{label}</label>\n'
    "</div>"
)


@lru_cache(maxsize=256)
def _checkboxes(group: FilterGroup) -> tuple[tuple[str, str, str], ...]:
    """Each option of a group as GOV.UK small checkboxes' markup, unticked and ticked:
    worked out once a process for each group (once a user's providers for theirs), not
    for each of some 80 options on every page."""
    options = []
    for index, (value, label) in enumerate(group.choices):
        fields = {
            "id": f"id_{group.name}_{index}",
            "name": escape(group.name),
            "value": escape(value),
            "label": escape(label),
        }
        options.append(
            (
                value,
                CHECKBOX.format(checked="", **fields),
                CHECKBOX.format(checked=" checked", **fields),
            )
        )
    return tuple(options)


def filter_groups(panel) -> list[dict]:
    """The filter panel's checkbox groups: each option's markup, ticked when chosen."""
    groups = []
    for group in panel.groups:
        selected = panel.selected(group)
        options = "".join(
            ticked if value in selected else unticked
            for value, unticked, ticked in _checkboxes(group)
        )
        groups.append({"name": group.name, "label": group.label, "options": Markup(options)})
    return groups


def unnamed_draft_labels(context, page) -> dict:
    """What the list calls drafts that have no name yet, so that several can be told
    apart: "Draft: School direct (salaried), started 29 November 2026 by Morgan Multi".

    One query, and only when the page has such drafts.
    """
    unnamed = [values[1] for values in page.object_list if not (values[5] or values[6])]
    labels = {}
    for public_id, route, started, creator in selectors.draft_origins(context, unnamed):
        by = f" by {creator}" if creator else ""
        labels[public_id] = (
            f"Draft: {ROUTE_LABELS.get(route, route)}, started "
            f"{format_date(timezone.localtime(started))}{by}"
        )
    return labels


def build_list_context(request, context, panel, page) -> dict:
    """What the list page shows: ``context`` is the user's provider context, ``panel`` the
    parsed filters (trainees.filters.FilterPanel)."""
    filters = panel.filters
    show_providers = context.chooses_provider
    provider_names = {
        **context.partner_provider_names,
        **{provider.pk: provider.name for provider in context.providers},
    }
    # Records seen through a training partner belong to its providers; a record whose
    # provider no longer works with the partner is named with one more query.
    others = {values[2] for values in page.object_list} - set(provider_names)
    if others:
        provider_names.update(provider_names_of(others))
    # The blended list mixes what the user can and cannot change: say which rows.
    editable = (
        {p.pk for p in context.providers if not is_view_only(context, p)}
        if context.is_blended
        else None
    )
    make_row = RowMaker(
        reverse("trainees:list"),
        provider_names,
        unnamed_draft_labels(context, page),
        editable,
        show_providers=show_providers,
    )
    rows = [make_row(values) for values in page.object_list]
    query = request.GET
    export_query = query.copy()
    export_query.pop("page", None)
    sort_links = []
    for value, label in SORT_CHOICES:
        copy = query.copy()
        copy.pop("page", None)
        copy["sort"] = value
        sort_links.append(
            {"label": label, "href": f"?{copy.urlencode()}", "current": filters.sort == value}
        )
    total = page.count
    return {
        "filter_groups": filter_groups(panel),
        "filters": filters,
        "page": page,
        "rows": rows,
        "total": total,
        "show_providers": show_providers,
        "selected_filters": selected_filter_tags(query, filters, context.providers),
        "pagination": pagination(page, query),
        "export_url": f"{reverse('trainees:export')}?{export_query.urlencode()}",
        "sort_links": sort_links,
        "default_sort": filters.sort == SORT_UPDATED,
        "clear_url": reverse("trainees:list"),
        "to_check": selectors.to_check_count(context),
    }
