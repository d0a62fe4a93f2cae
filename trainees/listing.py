"""What the trainee list page shows around the rows: tags, pagination, sort links."""

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from govuk.forms import format_date
from providers.policy import is_view_only
from providers.selectors import provider_names_of
from trainees import selectors
from trainees.constants import (
    ROUTE_LABELS,
    STATE_TAG_CLASSES,
    STUDY_MODE_LABELS,
    SUBJECT_LABELS,
    state_label,
)
from trainees.filters import (
    SORT_CHOICES,
    SORT_UPDATED,
    STATUS_LABELS,
    TraineeFilters,
    academic_year_label,
)


@dataclass(slots=True)
class TraineeRow:
    """Everything a row of the list shows, ready to print: the list renders 100 a page."""

    url: str
    name: str
    trn: str
    route: str
    subject: str
    provider: str
    status: str
    status_classes: str
    updated: str
    view_only: bool = False


def _row(values, base_url: str, provider_names: dict, unnamed: dict, editable) -> TraineeRow:
    (_id, public_id, provider_id, state, route, first, last, trn, subject, updated) = values
    updated = timezone.localtime(updated)
    return TraineeRow(
        url=f"{base_url}{public_id}/",
        name=f"{first} {last}".strip() or unnamed.get(public_id, "Record with no name"),
        trn=trn or "",
        route=ROUTE_LABELS.get(route, ""),
        subject=SUBJECT_LABELS.get(subject, ""),
        provider=provider_names.get(provider_id, ""),
        status=state_label(state, route),
        status_classes=STATE_TAG_CLASSES.get(state, ""),
        updated=f"{updated.day} {updated:%b %Y}",
        view_only=editable is not None and provider_id not in editable,
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


FILTER_GROUPS = (
    "organisation_type",
    "provider",
    "status",
    "route",
    "subject",
    "start_year",
    "study_mode",
)


def filter_groups(form) -> list[dict]:
    """The filter panel's checkbox groups: each option with its id and whether it is ticked.

    Read from the form's choices and cleaned values directly: building Django's bound
    subwidgets for some 80 options costs more than the rest of the page.
    """
    groups = []
    for name in FILTER_GROUPS:
        if name not in form.fields:
            continue
        field = form.fields[name]
        selected = {str(value) for value in form.cleaned_data.get(name, ())}
        groups.append(
            {
                "name": name,
                "label": field.label,
                "options": [
                    {
                        "id": f"id_{name}_{index}",
                        "value": value,
                        "label": label,
                        "checked": str(value) in selected,
                    }
                    for index, (value, label) in enumerate(field.choices)
                ],
            }
        )
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


def build_list_context(request, context, form, filters, page) -> dict:
    """What the list page shows: ``context`` is the user's provider context."""
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
    base_url = reverse("trainees:list")
    unnamed = unnamed_draft_labels(context, page)
    rows = [
        _row(values, base_url, provider_names, unnamed, editable) for values in page.object_list
    ]
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
        "filter_groups": filter_groups(form),
        "form": form,
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
