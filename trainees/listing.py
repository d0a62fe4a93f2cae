"""What the trainee list page shows around the rows: tags, pagination, sort links."""

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from trainees.constants import (
    STATE_TAG_CLASSES,
    StudyMode,
    Subject,
    TraineeState,
    TrainingRoute,
)
from trainees.filters import SORT_CHOICES, SORT_UPDATED, TraineeFilters, academic_year_label

FILTER_PARAMS = ("q", "status", "route", "subject", "start_year", "study_mode", "provider")


@dataclass
class TraineeRow:
    trainee: object
    provider: object
    route_label: str
    subject_label: str
    state_label: str
    tag_classes: str


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
    routes, subjects = dict(TrainingRoute.choices), dict(Subject.choices)
    states, modes = dict(TraineeState.choices), dict(StudyMode.choices)
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
    add("Status", "status", filters.states, states.get)
    add("Training route", "route", filters.routes, routes.get)
    add("Subject", "subject", filters.subjects, subjects.get)
    add("Start year", "start_year", filters.start_years, academic_year_label)
    add("Study mode", "study_mode", filters.study_modes, modes.get)
    add("Provider", "provider", filters.provider_ids, names.get)
    return categories


def pagination(page, query: QueryDict) -> dict | None:
    """GOV.UK pagination items, keeping the filters in every link."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None

    def href(number):
        copy = query.copy()
        copy["page"] = str(number)
        return f"?{copy.urlencode()}"

    current = page.number
    shown = sorted(
        {1, paginator.num_pages, current - 1, current, current + 1}
        & set(range(1, paginator.num_pages + 1))
    )
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


def build_list_context(request, form, filters, page, *, show_providers: bool) -> dict:
    providers = {provider.pk: provider for provider in request.user_providers}
    routes, subjects = dict(TrainingRoute.choices), dict(Subject.choices)
    rows = []
    for trainee in page.object_list:
        rows.append(
            TraineeRow(
                trainee=trainee,
                provider=providers.get(trainee.provider_id),
                route_label=routes.get(trainee.training_route, ""),
                subject_label=subjects.get(trainee.course_subject, ""),
                state_label=trainee.state_label,
                tag_classes=STATE_TAG_CLASSES.get(trainee.state, ""),
            )
        )
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
    total = page.paginator.count
    return {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": rows,
        "total": total,
        "show_providers": show_providers,
        "selected_filters": selected_filter_tags(query, filters, request.user_providers),
        "pagination": pagination(page, query),
        "export_url": f"{reverse('trainees:export')}?{export_query.urlencode()}",
        "sort_links": sort_links,
        "default_sort": filters.sort == SORT_UPDATED,
        "clear_url": reverse("trainees:list"),
    }
