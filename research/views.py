"""The research dashboard (staff only) and the in-service feedback page."""

import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from research import figures as research_figures
from research.charts import chart_of
from research.forms import DateRangeForm, FeedbackForm
from research.models import Feedback, Group
from research.services import give_feedback
from research.statistics import TOO_FEW


def works_without_provider(view):
    """Like providers.decorators.provider_not_required (this app sits below providers):
    the provider middleware lets the page through without a provider or a hat."""
    view.provider_not_required = True
    return view


def staff_only(view):
    def page(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    page.__name__, page.__doc__, page.__module__ = view.__name__, view.__doc__, view.__module__
    return works_without_provider(login_required(page))


def _bounds(start: datetime.date, end: datetime.date):
    """The dates as a half-open range of aware datetimes: [start 00:00, the day after end)."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    return first, after


@require_safe
@staff_only
def dashboard(request):
    """Hat and blended side by side, each figure with its sample size and 95% interval."""
    form = DateRangeForm(request.GET)
    start, end = form.dates()
    context = {"form": form, "start": start, "end": end, "too_few": TOO_FEW}
    valid = form.asks_for_a_valid_range()
    if valid:
        first, after = _bounds(start, end)
        totals, figures = research_figures.figures(first, after)
        context.update(
            totals=[(Group(group).label, totals[group]) for group in research_figures.GROUPS],
            charts=[chart_of(figure) for figure in figures],
            comments=research_figures.comments(first, after),
            group_labels=dict(Group.choices),
            score_labels=dict(Feedback.Score.choices),
            csv_query=request.GET.urlencode(),
            own_group=request.provider_context.model,
        )
    return render(request, "research/dashboard.html", context, status=200 if valid else 400)


@require_safe
@staff_only
def dashboard_csv(request):
    """The dashboard's aggregates as CSV: never an event, never a comment."""
    form = DateRangeForm(request.GET)
    if not form.asks_for_a_valid_range():
        return redirect("research:dashboard")
    start, end = form.dates()
    first, after = _bounds(start, end)
    totals, figures = research_figures.figures(first, after)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="research-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        ["figure", "group", "value", "lower_95", "upper_95", "sample_size", "count", "too_few"]
    )
    for group in research_figures.GROUPS:
        for name in ("users", "sessions", "registrations"):
            value = getattr(totals[group], name)
            writer.writerow([name, group, value, "", "", value, value, ""])
    for figure in figures:
        for group in figure.applies_to:
            estimate = figure.estimates[group]
            writer.writerow(
                [
                    figure.key,
                    group,
                    _csv_number(estimate.value),
                    _csv_number(estimate.lower),
                    _csv_number(estimate.upper),
                    estimate.n,
                    "" if estimate.count is None else estimate.count,
                    "yes" if estimate.too_few else "no",
                ]
            )
    return response


def _csv_number(value) -> str:
    return "" if value is None else f"{value:.4f}"


@require_http_methods(["GET", "HEAD", "POST"])
@works_without_provider
@login_required
def feedback(request):
    """ "How easy was it to work across your providers today?" (research.services)"""
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        give_feedback(
            user=request.user,
            model=request.provider_context.model,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],  # the form strips it
        )
        return redirect("research:feedback_sent")
    return render(
        request,
        "research/feedback.html",
        {"form": form, "max_length": Feedback.COMMENT_MAX_LENGTH},
        status=400 if form.errors else 200,
    )


@require_safe
@works_without_provider
@login_required
def feedback_sent(request):
    return render(request, "research/feedback_sent.html")
