"""Trainee pages. Views parse input with a form, call a selector or a service, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from providers.guard import ensure_form_matches_hat
from providers.hat import BLENDED, HAT
from trainees import selectors, services
from trainees.constants import STATE_TAG_CLASSES
from trainees.export import csv_lines
from trainees.filters import TraineeFilterForm
from trainees.forms import (
    SECTION_FORMS,
    ConfirmForm,
    DeferForm,
    DegreeForm,
    DegreesCompletionForm,
    RecommendForm,
    TraineeProviderForm,
    TrainingRouteForm,
    WithdrawForm,
)
from trainees.history import changes_since, timeline
from trainees.listing import build_list_context
from trainees.sections import SECTIONS_BY_KEY, incomplete_sections, sections_for
from trainees.summaries import section_cards

PAGE_SIZE = 100
GET_POST = ["GET", "HEAD", "POST"]


def _bound(request):
    return request.POST if request.method == "POST" else None


def _acting(request, trainee=None):
    return request.active_provider or (trainee.provider if trainee else None)


def _not_allowed(request, trainee, error, status=409):
    return render(
        request, "trainees/not_allowed.html", {"trainee": trainee, "error": error}, status=status
    )


CHANGED_MESSAGE = (
    "This record has changed since you opened this page. Check what changed, "
    "then save your answers again"
)


def _redraw_on_current_version(request, form_class, error, **form_kwargs):
    """The user's answers, bound to the record's current version, with what changed.

    Nothing was saved. Submitting the redrawn form applies the answers on top of the
    other changes.
    """
    data = request.POST.copy()
    data["version"] = str(error.trainee.version)
    form = form_class(data, **form_kwargs)
    form.is_valid()
    form.add_error(None, CHANGED_MESSAGE)
    return form, changes_since(error.trainee, error.expected_version)


def _record_question(request, trainee, form, title):
    """One question about an existing record, on its own page."""
    return render(
        request,
        "trainees/question.html",
        {"trainee": trainee, "form": form, "back_url": trainee.get_absolute_url(), "title": title},
    )


def _chooses_provider(request) -> bool:
    """In the blended model a user with several providers says which one a trainee is for."""
    return request.provider_model == BLENDED and len(request.user_providers) > 1


# The list -------------------------------------------------------------------------------


@login_required
@require_safe
def trainee_list(request):
    show_providers = _chooses_provider(request)
    provider_choices = None
    if show_providers:
        counts = selectors.scope_counts_by_provider(request)
        provider_choices = [
            (str(p.pk), f"{p.name} ({counts.get(p.pk, 0):,})") for p in request.user_providers
        ]
    form = TraineeFilterForm(request.GET, provider_choices=provider_choices)
    filters = form.filters
    page = selectors.trainee_page(request, filters, request.GET.get("page"), PAGE_SIZE)
    context = build_list_context(request, form, filters, page, show_providers=show_providers)
    return render(request, "trainees/list.html", context)


@login_required
@require_safe
def export(request):
    """The filtered list as CSV, all pages, streamed."""
    provider_choices = (
        [(str(p.pk), p.name) for p in request.user_providers]
        if _chooses_provider(request)
        else None
    )
    filters = TraineeFilterForm(request.GET, provider_choices=provider_choices).filters
    queryset = selectors.filtered_trainees(request, filters)
    providers = {p.pk: p for p in request.user_providers}
    filename = f"trainee-records-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(
        csv_lines(queryset, providers), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# Adding a trainee -----------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def new_trainee(request):
    if not _chooses_provider(request):
        return redirect("trainees:new_route")
    ensure_form_matches_hat(request)
    form = TraineeProviderForm(_bound(request), providers=request.user_providers)
    if request.method == "POST" and form.is_valid():
        provider = form.cleaned_data["provider"]
        return redirect(f"{reverse('trainees:new_route')}?provider={provider.pk}")
    return render(
        request,
        "trainees/question.html",
        {
            "form": form,
            "title": "Which provider is this trainee for?",
            "caption": "Add a trainee",
            "back_url": reverse("trainees:list"),
        },
    )


def _new_trainee_provider(request):
    if request.provider_model == HAT:
        return request.active_provider
    if len(request.user_providers) == 1:
        return request.user_providers[0]
    wanted = request.POST.get("provider") or request.GET.get("provider")
    return next((p for p in request.user_providers if str(p.pk) == str(wanted)), None)


@login_required
@require_http_methods(GET_POST)
def new_route(request):
    provider = _new_trainee_provider(request)
    if provider is None:
        return redirect("trainees:new")
    ensure_form_matches_hat(request)
    form = TrainingRouteForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        trainee = services.create_draft(
            provider=provider,
            training_route=form.cleaned_data["training_route"],
            user=request.user,
            acting_provider=_acting(request) or provider,
        )
        return redirect(trainee)
    back = reverse("trainees:new") if _chooses_provider(request) else reverse("trainees:list")
    return render(
        request,
        "trainees/question.html",
        {
            "form": form,
            "provider": provider,
            "back_url": back,
            "title": "Which training route is the trainee on?",
            "caption": f"Adding a trainee for {provider.name}",
        },
    )


# The record -----------------------------------------------------------------------------


@login_required
@require_safe
def record(request, public_id):
    trainee = selectors.get_trainee(request, public_id)
    degrees = list(trainee.degrees.all())
    if trainee.is_draft:
        cards = section_cards(trainee, degrees, editable=True)
        return render(
            request,
            "trainees/task_list.html",
            {
                "trainee": trainee,
                "cards": cards,
                "ready": not incomplete_sections(trainee),
                "can_change_provider": _chooses_provider(request),
            },
        )
    return render(
        request,
        "trainees/record.html",
        {
            "trainee": trainee,
            "cards": section_cards(trainee, degrees, editable=services.can_edit(trainee)),
            "timeline": timeline(trainee),
            "tag_classes": STATE_TAG_CLASSES.get(trainee.state, ""),
            "can": {action: services.can(action, trainee) for action in services.TRANSITIONS},
        },
    )


def _editable_trainee(request, public_id, section_key=None):
    trainee = selectors.get_trainee(request, public_id)
    if section_key and not SECTIONS_BY_KEY[section_key].applies_to(trainee):
        raise Http404("This section does not apply to this training route")
    return trainee


def _after_section(request, trainee, title):
    if not trainee.is_draft:
        messages.success(request, f"{title} updated")
    return redirect(trainee)


@login_required
@require_http_methods(GET_POST)
def section(request, public_id, section_key):
    trainee = _editable_trainee(request, public_id, section_key)
    section_ = SECTIONS_BY_KEY[section_key]
    if not services.can_edit(trainee):
        return _not_allowed(request, trainee, "This record can no longer be changed")
    form_class = SECTION_FORMS[section_key]
    initial = {field: getattr(trainee, field) for field in section_.fields}
    form = form_class(_bound(request), trainee=trainee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            trainee = services.update_section(
                trainee,
                section_key,
                form.section_data(),
                completed=form.marks_complete,
                user=request.user,
                acting_provider=_acting(request, trainee),
                expected_version=form.cleaned_data.get("version"),
            )
        except services.TransitionNotAllowed as error:
            return _not_allowed(request, trainee, str(error))
        except services.RecordChanged as error:
            trainee = error.trainee
            form, changes = _redraw_on_current_version(
                request, form_class, error, trainee=trainee, initial=initial
            )
            return render(
                request,
                "trainees/section_form.html",
                {"trainee": trainee, "form": form, "title": section_.title, "changes": changes},
                status=409,
            )
        return _after_section(request, trainee, section_.title)
    return render(
        request,
        "trainees/section_form.html",
        {"trainee": trainee, "form": form, "title": section_.title},
    )


@login_required
@require_http_methods(GET_POST)
def degrees(request, public_id):
    trainee = _editable_trainee(request, public_id, "degrees")
    degree_list = list(trainee.degrees.all())
    form = DegreesCompletionForm(
        _bound(request),
        degree_count=len(degree_list),
        version=trainee.version,
        initial={"completion": "yes" if trainee.degrees_completed else None},
    )
    if request.method == "POST":
        if not trainee.is_draft:
            return redirect(trainee)
        if form.is_valid():
            try:
                services.mark_degrees(
                    trainee,
                    completed=form.cleaned_data["completion"] == "yes",
                    user=request.user,
                    acting_provider=_acting(request, trainee),
                    expected_version=form.cleaned_data.get("version"),
                )
            except services.TransitionNotAllowed as error:
                return _not_allowed(request, trainee, str(error))
            except services.RecordChanged as error:
                trainee = error.trainee
                degree_list = list(trainee.degrees.all())
                form, changes = _redraw_on_current_version(
                    request,
                    DegreesCompletionForm,
                    error,
                    degree_count=len(degree_list),
                    version=trainee.version,
                )
                return render(
                    request,
                    "trainees/degrees.html",
                    {
                        "trainee": trainee,
                        "degrees": degree_list,
                        "form": form,
                        "editable": services.can_edit(trainee),
                        "changes": changes,
                    },
                    status=409,
                )
            return redirect(trainee)
    return render(
        request,
        "trainees/degrees.html",
        {
            "trainee": trainee,
            "degrees": degree_list,
            "form": form,
            "editable": services.can_edit(trainee),
        },
    )


@login_required
@require_http_methods(GET_POST)
def degree_form(request, public_id, degree_id=None):
    trainee = _editable_trainee(request, public_id, "degrees")
    degree = get_object_or_404(trainee.degrees, pk=degree_id) if degree_id else None
    if not services.can_edit(trainee):
        return _not_allowed(request, trainee, "This record can no longer be changed")
    form = DegreeForm(_bound(request), degree=degree, version=trainee.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_degree(
                trainee,
                form.degree_data(),
                degree=degree,
                user=request.user,
                acting_provider=_acting(request, trainee),
                expected_version=form.cleaned_data.get("version"),
            )
        except services.TransitionNotAllowed as error:
            return _not_allowed(request, trainee, str(error))
        except services.RecordChanged as error:
            form, changes = _redraw_on_current_version(
                request, DegreeForm, error, degree=degree, version=error.trainee.version
            )
            return render(
                request,
                "trainees/degree_form.html",
                {
                    "trainee": error.trainee,
                    "form": form,
                    "degree": degree,
                    "changes": changes,
                },
                status=409,
            )
        return redirect("trainees:degrees", trainee.public_id)
    return render(
        request, "trainees/degree_form.html", {"trainee": trainee, "form": form, "degree": degree}
    )


@login_required
@require_http_methods(GET_POST)
def degree_remove(request, public_id, degree_id):
    trainee = _editable_trainee(request, public_id, "degrees")
    degree = get_object_or_404(trainee.degrees, pk=degree_id)
    if request.method == "POST":
        try:
            services.remove_degree(
                trainee, degree, user=request.user, acting_provider=_acting(request, trainee)
            )
        except services.TransitionNotAllowed as error:
            return _not_allowed(request, trainee, str(error))
        messages.success(request, "Degree removed")
        return redirect("trainees:degrees", trainee.public_id)
    return render(request, "trainees/degree_remove.html", {"trainee": trainee, "degree": degree})


@login_required
@require_http_methods(GET_POST)
def change_route(request, public_id):
    trainee = selectors.get_trainee(request, public_id)
    if not services.can("change_provider", trainee):
        return _not_allowed(request, trainee, "The training route can only be changed on a draft")
    form = TrainingRouteForm(_bound(request), initial={"training_route": trainee.training_route})
    if request.method == "POST" and form.is_valid():
        services.set_training_route(
            trainee,
            form.cleaned_data["training_route"],
            user=request.user,
            acting_provider=_acting(request, trainee),
        )
        return redirect(trainee)
    return _record_question(request, trainee, form, "Which training route is the trainee on?")


@login_required
@require_http_methods(GET_POST)
def change_provider(request, public_id):
    trainee = selectors.get_trainee(request, public_id)
    if not _chooses_provider(request):
        # Only blended-model users with several providers choose a record's provider.
        return redirect(trainee)
    if not services.can("change_provider", trainee):
        return _not_allowed(request, trainee, "The provider can only be changed on a draft")
    form = TraineeProviderForm(
        _bound(request), providers=request.user_providers, initial={"provider": trainee.provider_id}
    )
    if request.method == "POST" and form.is_valid():
        services.change_provider(trainee, form.cleaned_data["provider"], user=request.user)
        messages.success(request, f"This trainee is now for {form.cleaned_data['provider'].name}")
        return redirect(trainee)
    return _record_question(request, trainee, form, "Which provider is this trainee for?")


@login_required
@require_http_methods(GET_POST)
def check_answers(request, public_id):
    trainee = selectors.get_trainee(request, public_id)
    if request.method == "POST":
        try:
            trainee = services.submit_for_trn(
                trainee, user=request.user, acting_provider=_acting(request, trainee)
            )
        except services.TransitionNotAllowed:
            # Submitted already (a double click, or the back button): it registered once.
            messages.success(request, "This trainee is already registered")
            return redirect(trainee)
        except services.RecordIncomplete:
            pass
        else:
            messages.success(request, f"Trainee registered. Their TRN is {trainee.trn}")
            return redirect(trainee)
    if not trainee.is_draft:
        return redirect(trainee)
    degrees_ = list(trainee.degrees.all())
    missing = incomplete_sections(trainee)
    return render(
        request,
        "trainees/check_answers.html",
        {
            "trainee": trainee,
            "cards": section_cards(trainee, degrees_, editable=True),
            "missing": missing,
            "sections": sections_for(trainee),
            "can_change_provider": _chooses_provider(request),
            "submitted_incomplete": request.method == "POST",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(GET_POST)
def delete_draft(request, public_id):
    trainee = selectors.get_trainee(request, public_id)
    if not services.can("delete", trainee):
        return _not_allowed(request, trainee, "Only a draft can be deleted")
    if request.method == "POST":
        name = trainee.full_name or "The draft"
        services.delete_draft(trainee, user=request.user, acting_provider=_acting(request, trainee))
        messages.success(request, f"{name} deleted")
        return redirect("trainees:list")
    return render(request, "trainees/delete.html", {"trainee": trainee})


# Changes of state -----------------------------------------------------------------------

STATE_ACTIONS = {
    "defer": {
        "form": DeferForm,
        "title": "Defer training",
        "button": "Defer",
        "run": lambda t, d, **kw: services.defer(t, deferred_on=d["deferred_on"], **kw),
        "done": "Training deferred",
    },
    "reinstate": {
        "form": None,
        "title": "Reinstate the trainee",
        "button": "Reinstate",
        "run": lambda t, d, **kw: services.reinstate(t, **kw),
        "done": "Trainee reinstated",
    },
    "withdraw": {
        "form": WithdrawForm,
        "title": "Withdraw the trainee",
        "button": "Withdraw",
        "run": lambda t, d, **kw: services.withdraw(
            t, withdrawn_on=d["withdrawn_on"], reason=d["reason"], details=d["details"], **kw
        ),
        "done": "Trainee withdrawn",
    },
    "recommend": {
        "form": RecommendForm,
        "title": "Recommend for {award}",
        "button": "Recommend for {award}",
        "run": lambda t, d, **kw: services.recommend_for_award(
            t, recommended_on=d["recommended_on"], **kw
        ),
        "done": "Trainee recommended for {award}",
    },
    "award": {
        "form": None,
        "title": "Record that {award} was awarded",
        "button": "Confirm {award} awarded",
        "run": lambda t, d, **kw: services.award(t, **kw),
        "done": "{award} awarded",
    },
}


@login_required
@require_http_methods(GET_POST)
def state_action(request, public_id, action):
    trainee = selectors.get_trainee(request, public_id)
    config = STATE_ACTIONS[action]
    award = trainee.award_name
    if not services.can(action, trainee):
        return _not_allowed(
            request, trainee, f"You cannot {action} a record that is {trainee.state_label.lower()}"
        )
    form_class = config["form"] or ConfirmForm
    kwargs = {} if form_class is ConfirmForm else {"trainee": trainee}
    form = form_class(_bound(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            config["run"](
                trainee,
                form.cleaned_data,
                user=request.user,
                acting_provider=_acting(request, trainee),
            )
        except services.TransitionNotAllowed as error:
            return _not_allowed(request, trainee, str(error))
        messages.success(request, config["done"].format(award=award))
        return redirect(trainee)
    return render(
        request,
        "trainees/state_action.html",
        {
            "trainee": trainee,
            "form": form,
            "action": action,
            "title": config["title"].format(award=award),
            "button": config["button"].format(award=award),
            "today": datetime.date.today(),
        },
    )
