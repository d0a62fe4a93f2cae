"""Trainee pages. Views parse input with a form, call a selector or a service, render."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_safe

from providers.context import find_provider
from providers.guard import ensure_form_matches_hat
from providers.hat import switch_provider
from providers.policy import (
    RECORD_ACTIONS,
    can,
    drafting_partner_for,
    providers_to_add_for,
    providers_to_move_to,
)
from research.events import note
from research.models import Kind
from trainees import selectors, services
from trainees.constants import STATE_TAG_CLASSES
from trainees.decorators import record_page, refused
from trainees.export import csv_lines, export_filename
from trainees.filters import FilterPanel
from trainees.forms import (
    ChangeRouteForm,
    ConfirmForm,
    DeferForm,
    DegreeForm,
    DegreesCompletionForm,
    MoveDraftForm,
    MoveRecordForm,
    RecommendForm,
    ReturnToPartnerForm,
    TraineeProviderForm,
    TrainingRouteForm,
    WithdrawForm,
)
from trainees.history import changes_since, timeline
from trainees.listing import build_list_context
from trainees.models import Trainee
from trainees.sections import SECTIONS_BY_KEY, incomplete_sections, section_cards, sections_for

PAGE_SIZE = 100
GET_POST = ["GET", "HEAD", "POST"]
RETURN_TO = "return_to"

CHANGED_MESSAGE = (
    "This record has changed since you opened this page. Check what changed, "
    "then save your answers again"
)


def _bound(request):
    return request.POST if request.method == "POST" else None


def _acting(request):
    """The hat the user wears, if any: the Timeline says under which provider they acted."""
    return request.provider_context.active


def _written_by(request, form) -> dict:
    """What every change to a record is told: who, under which hat, from which version."""
    return {
        "user": request.user,
        "acting_provider": _acting(request),
        "expected_version": form.drawn_version,
    }


def _not_allowed(request, trainee, error, status=409):
    return render(
        request, "trainees/not_allowed.html", {"trainee": trainee, "error": error}, status=status
    )


def _return_to(request, trainee) -> str:
    """Where to go after saving: ``return_to`` when it is a page of this same record.

    Check your answers sends its Change links here; nothing else is accepted, so the
    parameter can never send a user to another site or another record.
    """
    url = request.GET.get(RETURN_TO, "")
    record_url = trainee.get_absolute_url()
    if not url.startswith(record_url) or not url_has_allowed_host_and_scheme(
        url, allowed_hosts=None
    ):
        return ""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return ""
    if match.namespace != "trainees" or match.kwargs.get("public_id") != trainee.public_id:
        return ""
    return url


def _with_return_to(url: str, return_to: str) -> str:
    return f"{url}?{urlencode({RETURN_TO: return_to})}" if return_to else url


@dataclass
class Submission:
    """What became of a form about a record: drawn, saved, refused, or out of date."""

    form: forms.Form
    trainee: Trainee
    saved: bool = False
    result: object = None
    changes: list = field(default_factory=list)
    refusal: HttpResponse | None = None
    status: int = 200


def _submit(request, trainee, form_class, save, **form_kwargs) -> Submission:
    """Draw ``form_class`` for the record; on a valid POST, run ``save(form)``.

    A record changed since the form was drawn saves nothing: the user's answers come back,
    bound to the current version, with what changed (409). Submitting them again applies
    them on top of the other changes.
    """
    form = form_class(_bound(request), trainee=trainee, **form_kwargs)
    if request.method != "POST" or not form.is_valid():
        return Submission(form, trainee)
    try:
        result = save(form)
    except services.RecordChanged as error:
        data = request.POST.copy()
        data["version"] = str(error.trainee.version)
        redrawn = form_class(data, trainee=error.trainee, **form_kwargs)
        redrawn.is_valid()
        redrawn.add_error(None, CHANGED_MESSAGE)
        changes = changes_since(error.trainee, error.expected_version)
        return Submission(redrawn, error.trainee, changes=changes, status=409)
    except services.TransitionNotAllowed as error:
        return Submission(form, trainee, refusal=_not_allowed(request, trainee, str(error)))
    except services.ActionForbidden as error:
        raise PermissionDenied(str(error)) from error
    return Submission(form, trainee, saved=True, result=result)


def _page(request, template, submission: Submission, **context):
    return render(
        request,
        template,
        {
            "trainee": submission.trainee,
            "form": submission.form,
            "changes": submission.changes,
            **context,
        },
        status=submission.status,
    )


# The list -------------------------------------------------------------------------------


def _filter_panel(request, *, counts: bool) -> FilterPanel:
    provider_choices = None
    context = request.provider_context
    if context.chooses_provider:
        in_scope = selectors.scope_counts_by_provider(context) if counts else {}
        provider_choices = [
            (str(p.pk), f"{p.name} ({in_scope[p.pk]:,})" if p.pk in in_scope else p.name)
            for p in context.providers
        ]
    kinds = {provider.kind for provider in context.providers}
    both_kinds = context.is_blended and len(kinds) > 1
    return FilterPanel.parse(request.GET, provider_choices=provider_choices, both_kinds=both_kinds)


def _list_usage(filters) -> dict:
    """What the usage research keeps of a list's filters: counts, never the terms."""
    in_use = (
        filters.statuses,
        filters.routes,
        filters.subjects,
        filters.start_years,
        filters.study_modes,
        filters.provider_ids,
        filters.organisation_types,
    )
    return {
        "filtered_by_provider": bool(filters.provider_ids),
        "providers": len(filters.provider_ids),
        "searched": bool(filters.search),
        "filters": sum(1 for chosen in in_use if chosen),
    }


# Links that leave a page offering a choice back to the list say which it was.
STAYED_PARAMETER = "stayed"
STAYED = {
    "other_record": (Kind.OTHER_PROVIDER_ANSWER, "stay"),
    "stale_form": (Kind.STALE_FORM_CHOICE, "stay_without_saving"),
}


@login_required
@require_safe
def trainee_list(request):
    if STAYED_PARAMETER in request.GET:
        return _stayed(request)
    panel = _filter_panel(request, counts=True)
    context = request.provider_context
    page = selectors.trainee_page(context, panel.filters, request.GET.get("page"), PAGE_SIZE)
    response = render(
        request, "trainees/list.html", build_list_context(request, context, panel, page)
    )
    note(request, Kind.LIST_VIEWED, **_list_usage(panel.filters))
    return response


def _stayed(request):
    """A page that offered a choice sent the user back to the list ("Stay on X"): note the
    answer, then show the list at an address without it, so that its links (pages, sort,
    export) do not carry it and note it again."""
    stayed = STAYED.get(request.GET[STAYED_PARAMETER])
    if stayed is not None:
        note(request, stayed[0], choice=stayed[1])
    query = request.GET.copy()
    del query[STAYED_PARAMETER]
    return redirect(f"{reverse('trainees:list')}?{query.urlencode()}" if query else "trainees:list")


@login_required
@require_safe
def export(request):
    """The filtered list as CSV, all pages, streamed."""
    context = request.provider_context
    filters = _filter_panel(request, counts=False).filters
    queryset = selectors.filtered_trainees(context, filters)
    providers = {p.pk: p for p in context.providers}
    scope = selectors.filtered_scope(context, filters)
    in_file = [providers[pk] for pk in (*scope.provider_ids, *scope.partner_ids)]
    response = StreamingHttpResponse(
        csv_lines(queryset, providers), content_type="text/csv; charset=utf-8"
    )
    filename = export_filename(in_file, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    note(request, Kind.EXPORTED, **_list_usage(filters))
    return response


# Adding a trainee -----------------------------------------------------------------------


def _addable(request) -> tuple:
    """The providers the user may start a record for (providers.policy)."""
    return providers_to_add_for(request.provider_context)


@login_required
@require_http_methods(GET_POST)
def new_trainee(request):
    addable = _addable(request)
    if not addable:
        raise PermissionDenied("You cannot add trainees")
    if len(addable) == 1:
        return redirect("trainees:new_route")
    ensure_form_matches_hat(request)
    form = TraineeProviderForm(_bound(request), providers=addable)
    if request.method == "POST" and form.is_valid():
        provider = form.cleaned_data["provider"]
        return redirect(f"{reverse('trainees:new_route')}?provider={provider.pk}")
    return render(
        request,
        "trainees/question.html",
        {"form": form, "caption": "Add a trainee", "back_url": reverse("trainees:list")},
    )


def _new_trainee_provider(request, addable):
    if len(addable) == 1:
        return addable[0]
    wanted = request.POST.get("provider") or request.GET.get("provider")
    return find_provider(addable, wanted)


@login_required
@require_http_methods(GET_POST)
def new_route(request):
    addable = _addable(request)
    if not addable:
        raise PermissionDenied("You cannot add trainees")
    provider = _new_trainee_provider(request, addable)
    if provider is None:
        return redirect("trainees:new")
    ensure_form_matches_hat(request)
    form = TrainingRouteForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        trainee = services.create_draft(
            provider=provider,
            training_route=form.cleaned_data["training_route"],
            user=request.user,
            acting_provider=_acting(request),
            drafting_partner=drafting_partner_for(request.provider_context, provider),
        )
        note(request, Kind.DRAFT_STARTED, organisation=provider, record=trainee)
        return redirect(trainee)
    back = reverse("trainees:new") if len(addable) > 1 else reverse("trainees:list")
    return render(
        request,
        "trainees/question.html",
        {
            "form": form,
            "provider": provider,
            "back_url": back,
            "caption": f"Adding a trainee for {provider.name}",
        },
    )


# The record -----------------------------------------------------------------------------


def allowed_actions(request, trainee) -> dict[str, bool]:
    """What the page offers: actions the policy lets the user do (providers.policy) and
    the record's state allows (trainees.services)."""
    context = request.provider_context
    allowed = {
        action: can(context, action, trainee) and services.can(action, trainee)
        for action in RECORD_ACTIONS
    }
    # A draft moves to another provider the user edits for: only when there is one.
    allowed["move_draft"] = allowed["move_draft"] and len(providers_to_move_to(context)) > 1
    return allowed


@require_safe
@record_page
def record(request, trainee):
    degrees = selectors.degrees_of(trainee)
    allowed = allowed_actions(request, trainee)
    if trainee.is_draft:
        return render(
            request,
            "trainees/task_list.html",
            {
                "trainee": trainee,
                "cards": section_cards(trainee, degrees, editable=allowed["change"]),
                "ready": not incomplete_sections(trainee),
                "can": allowed,
            },
        )
    return render(
        request,
        "trainees/record.html",
        {
            "trainee": trainee,
            "cards": section_cards(trainee, degrees, editable=allowed["change"]),
            "timeline": timeline(trainee),
            "tag_classes": STATE_TAG_CLASSES.get(trainee.state, ""),
            "can": allowed,
        },
    )


def _note_section_saved(request, trainee, section_key) -> None:
    note(
        request,
        Kind.SECTION_SAVED,
        organisation=_organisation_of(request, trainee),
        record=trainee,
        section=section_key,
        draft=trainee.is_draft,
    )


def _organisation_of(request, trainee):
    """Who the user acted for on a record: the hat, else the record's provider."""
    return request.provider_context.active or trainee.provider_id


def _ensure_section_applies(trainee, section_key) -> None:
    if not SECTIONS_BY_KEY[section_key].applies_to(trainee):
        raise Http404("This section does not apply to this training route")


@require_http_methods(GET_POST)
@record_page(action="change")
def section(request, trainee, section_key):
    _ensure_section_applies(trainee, section_key)
    section_ = SECTIONS_BY_KEY[section_key]
    if not services.can_edit(trainee):
        return _not_allowed(request, trainee, "This record can no longer be changed")
    form_class = section_.form
    initial = {name: getattr(trainee, name) for name in section_.fields}
    submission = _submit(
        request,
        trainee,
        form_class,
        lambda form: services.update_section(
            trainee,
            section_key,
            form.section_data(),
            completed=form.marks_complete,
            **_written_by(request, form),
        ),
        initial=initial,
    )
    if submission.refusal:
        return submission.refusal
    back = _return_to(request, trainee) or trainee.get_absolute_url()
    if submission.saved:
        _note_section_saved(request, submission.result, section_key)
        if not trainee.is_draft:
            messages.success(request, f"{section_.title} updated")
        return redirect(back)
    return _page(
        request, "trainees/section_form.html", submission, title=section_.title, back_url=back
    )


@require_http_methods(GET_POST)
@record_page(action="change")
def degrees(request, trainee):
    _ensure_section_applies(trainee, "degrees")
    if request.method == "POST" and not trainee.is_draft:
        return redirect(trainee)
    submission = _submit(
        request,
        trainee,
        DegreesCompletionForm,
        lambda form: services.mark_degrees(
            trainee,
            completed=form.cleaned_data["completion"] == "yes",
            **_written_by(request, form),
        ),
    )
    if submission.refusal:
        return submission.refusal
    if submission.saved:
        _note_section_saved(request, submission.result, "degrees")
        return redirect(_return_to(request, trainee) or trainee.get_absolute_url())
    return _page(
        request,
        "trainees/degrees.html",
        submission,
        degrees=selectors.degrees_of(submission.trainee),
        editable=services.can_edit(submission.trainee),
        return_to=_return_to(request, trainee),
    )


@require_http_methods(GET_POST)
@record_page(action="change")
def degree_form(request, trainee, degree_id=None):
    _ensure_section_applies(trainee, "degrees")
    degree = get_object_or_404(trainee.degrees, pk=degree_id) if degree_id else None
    if not services.can_edit(trainee):
        return _not_allowed(request, trainee, "This record can no longer be changed")
    submission = _submit(
        request,
        trainee,
        DegreeForm,
        lambda form: services.save_degree(
            trainee,
            form.degree_data(),
            degree=degree,
            **_written_by(request, form),
        ),
        degree=degree,
    )
    if submission.refusal:
        return submission.refusal
    degrees_url = _with_return_to(
        reverse("trainees:degrees", args=[trainee.public_id]), _return_to(request, trainee)
    )
    if submission.saved:
        return redirect(degrees_url)
    return _page(
        request, "trainees/degree_form.html", submission, degree=degree, back_url=degrees_url
    )


@require_http_methods(GET_POST)
@record_page(action="change")
def degree_remove(request, trainee, degree_id):
    _ensure_section_applies(trainee, "degrees")
    degree = get_object_or_404(trainee.degrees, pk=degree_id)
    submission = _submit(
        request,
        trainee,
        ConfirmForm,
        lambda form: services.remove_degree(
            trainee,
            degree,
            **_written_by(request, form),
        ),
    )
    if submission.refusal:
        return submission.refusal
    degrees_url = _with_return_to(
        reverse("trainees:degrees", args=[trainee.public_id]), _return_to(request, trainee)
    )
    if submission.saved:
        messages.success(request, "Degree removed")
        return redirect(degrees_url)
    return _page(
        request, "trainees/degree_remove.html", submission, degree=degree, back_url=degrees_url
    )


@require_http_methods(GET_POST)
@record_page(action="change")
def change_route(request, trainee):
    if not services.can("change_route", trainee):
        return _not_allowed(request, trainee, "The training route can only be changed on a draft")
    submission = _submit(
        request,
        trainee,
        ChangeRouteForm,
        lambda form: services.set_training_route(
            trainee,
            form.cleaned_data["training_route"],
            **_written_by(request, form),
        ),
        initial={"training_route": trainee.training_route},
    )
    if submission.refusal:
        return submission.refusal
    back = _return_to(request, trainee) or trainee.get_absolute_url()
    if submission.saved:
        return redirect(back)
    return _page(request, "trainees/question.html", submission, back_url=back)


@require_http_methods(GET_POST)
@record_page
def change_provider(request, trainee):
    """Move a draft to another provider the user adds trainees for: choose, then confirm."""
    back = _return_to(request, trainee) or trainee.get_absolute_url()
    if not services.can("move_draft", trainee):
        return _not_allowed(request, trainee, "The provider can only be changed on a draft")
    if not can(request.provider_context, "move_draft", trainee):
        return refused(request, trainee)
    destinations = providers_to_move_to(request.provider_context)
    if len(destinations) < 2:
        return redirect(back)
    from_provider = trainee.provider

    def move(form):
        to = form.cleaned_data["provider"]
        if to.pk == from_provider.pk or not form.cleaned_data["confirmed"]:
            return None
        return services.change_provider(trainee, to, **_written_by(request, form))

    submission = _submit(
        request,
        trainee,
        MoveDraftForm,
        move,
        providers=destinations,
        initial={"provider": trainee.provider_id},
    )
    if submission.refusal:
        return submission.refusal
    if submission.saved:
        to = submission.form.cleaned_data["provider"]
        if submission.result is not None:
            messages.success(request, f"Draft moved from {from_provider.name} to {to.name}")
            context = request.provider_context
            note(
                request,
                Kind.RECORD_MOVED,
                organisation=context.active or from_provider,
                record=trainee,
                from_provider=from_provider.pk,
                to_provider=to.pk,
                mover="provider_user",
            )
            if context.is_hat and context.provider(to.pk) is not None:
                switch_provider(request, to, source="after_move")
            return redirect(back)
        if to.pk == from_provider.pk:
            return redirect(back)
        return render(
            request,
            "trainees/move_draft_confirm.html",
            {"trainee": trainee, "to": to, "form": submission.form, "back_url": back},
        )
    return _page(request, "trainees/question.html", submission, back_url=back)


@require_http_methods(GET_POST)
@record_page(action="move_registered")
def move_record(request, trainee):
    """Support staff move a registered record to the accredited provider it belongs to."""
    if not services.can("move_registered", trainee):
        return _not_allowed(request, trainee, "Drafts are moved by their provider's editors")
    submission = _submit(
        request,
        trainee,
        MoveRecordForm,
        lambda form: services.move_registered(
            trainee,
            form.cleaned_data["provider"],
            reason=form.cleaned_data["reason"],
            **_written_by(request, form),
        ),
    )
    if submission.refusal:
        return submission.refusal
    if submission.saved:
        note(
            request,
            Kind.RECORD_MOVED,
            organisation=_organisation_of(request, trainee),
            record=trainee,
            from_provider=trainee.provider_id,
            to_provider=submission.result.provider_id,
            mover="support",
        )
        messages.success(request, f"Record moved to {submission.result.provider.name}")
        return redirect(trainee)
    return _page(request, "trainees/question.html", submission, back_url=trainee.get_absolute_url())


@require_http_methods(GET_POST)
@record_page
def check_answers(request, trainee):
    """Check your answers, then register the trainee; a training partner's editor sends
    their draft to the provider to check instead."""
    if request.method != "POST" and not trainee.is_draft:
        return redirect(trainee)
    allowed = allowed_actions(request, trainee)
    posted_by_viewer = not (allowed["register"] or allowed["send_for_check"])
    if request.method == "POST" and trainee.is_draft and posted_by_viewer:
        return refused(request, trainee)
    action = services.send_for_check if allowed["send_for_check"] else services.submit_for_trn

    def register(form):
        try:
            return action(trainee, **_written_by(request, form))
        except services.RecordIncomplete:
            return None

    submission = _submit(request, trainee, ConfirmForm, register)
    if submission.refusal:
        # Submitted already (a double click, or the back button): it registered once.
        messages.success(request, "This trainee is already registered")
        return redirect(trainee)
    if submission.saved and submission.result is not None:
        note(
            request,
            Kind.SENT_FOR_CHECK if action is services.send_for_check else Kind.REGISTERED,
            organisation=_organisation_of(request, trainee),
            record=trainee,
        )
        if action is services.send_for_check:
            messages.success(request, f"Sent to {trainee.provider.name} to check")
            return redirect(trainee)
        return redirect("trainees:registered", trainee.public_id)
    submitted_incomplete = submission.saved
    if submitted_incomplete:
        submission.status = 400
    trainee = submission.trainee
    check_url = reverse("trainees:check", args=[trainee.public_id])
    return _page(
        request,
        "trainees/check_answers.html",
        submission,
        cards=section_cards(
            trainee, selectors.degrees_of(trainee), editable=allowed["change"], return_to=check_url
        ),
        missing=incomplete_sections(trainee),
        sections=sections_for(trainee),
        can=allowed,
        return_to=check_url,
        submitted_incomplete=submitted_incomplete,
    )


@require_safe
@record_page
def registered(request, trainee):
    """The confirmation after registering: the TRN, for which provider."""
    if trainee.is_draft or not trainee.trn:
        return redirect(trainee)
    return render(request, "trainees/registered.html", {"trainee": trainee})


@require_http_methods(GET_POST)
@record_page(action="delete")
def delete_draft(request, trainee):
    if not services.can("delete", trainee):
        return _not_allowed(request, trainee, "Only a draft can be deleted")
    name = trainee.full_name or "The draft"
    submission = _submit(
        request,
        trainee,
        ConfirmForm,
        lambda form: services.delete_draft(
            trainee,
            **_written_by(request, form),
        ),
    )
    if submission.refusal:
        return submission.refusal
    if submission.saved:
        messages.success(request, f"{name} deleted")
        return redirect("trainees:list")
    return _page(request, "trainees/delete.html", submission)


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
        "form": ConfirmForm,
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
        "form": ConfirmForm,
        "title": "Record that {award} was awarded",
        "button": "Confirm {award} awarded",
        "run": lambda t, d, **kw: services.award(t, **kw),
        "done": "{award} awarded",
    },
    "return_to_partner": {
        "form": ReturnToPartnerForm,
        "title": "Return this draft to {partner}",
        "button": "Return to {partner}",
        "run": lambda t, d, **kw: services.return_to_partner(t, comment=d["comment"], **kw),
        "done": "Draft returned to {partner}",
    },
}


@require_http_methods(GET_POST)
@record_page
def state_action(request, trainee, action):
    config = STATE_ACTIONS[action]
    if not can(request.provider_context, action, trainee):
        return refused(request, trainee)
    words = {
        "award": trainee.award_name,
        "partner": getattr(trainee.drafting_partner, "name", "the training partner"),
    }
    if not services.can(action, trainee):
        return _not_allowed(
            request,
            trainee,
            f"This action is not possible on a record that is {trainee.state_label.lower()}",
        )
    submission = _submit(
        request,
        trainee,
        config["form"],
        lambda form: config["run"](
            trainee,
            form.cleaned_data,
            **_written_by(request, form),
        ),
    )
    if submission.refusal:
        return submission.refusal
    if submission.saved:
        messages.success(request, config["done"].format(**words))
        return redirect(trainee)
    return _page(
        request,
        "trainees/state_action.html",
        submission,
        action=action,
        title=config["title"].format(**words),
        button=config["button"].format(**words),
        today=datetime.date.today(),
    )
