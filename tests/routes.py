"""The service's routes, read from the URLconf, and how to fill and exercise them.

Tests that must cover every route (the isolation matrix, optimistic locking, the provider
header) walk these, so that a new route cannot be forgotten.
"""

from urllib.parse import urlencode

from django.urls import URLResolver, get_resolver, reverse

from providers.hat import HAT_SESSION_KEY
from tests.factories import PartnerFactory, TraineeFactory, complete, partnership, registered
from tests.forms import hidden_fields, page_forms
from trainees.constants import PartnerReview
from trainees.models import Degree, Trainee

TO_CHECK = PartnerReview.TO_CHECK

# Routes about one organisation (``provider_id``): its team. tests/providers/test_team.py
# walks each as an outsider, a member who does not manage the team, and its manager.
ORGANISATION_ROUTES = {
    "team": "an organisation's team",
    "team_invite": "an organisation's team",
    "team_role": "a member of an organisation's team",
    "team_remove": "a member of an organisation's team",
}
# Sign-in through an identity provider (SIGN_IN_METHOD=oidc), for signed-out people.
# allauth's openid_connect calls its parameter ``provider_id`` too, but it is the identity
# provider's id in settings, not an organisation's; any other id is a 404
# (tests/accounts/test_oidc_sign_in.py).
IDENTITY_PROVIDER_ROUTES = {
    "openid_connect_login": "the identity provider's id, starting a sign-in",
    "openid_connect_callback": "the identity provider's id, where it sends the user back",
}
# Routes whose parameters are not records of a provider.
NOT_RECORD_ROUTES = {
    "account_reset_password_from_key": "a signed, single-use password reset token",
    **IDENTITY_PROVIDER_ROUTES,
    **ORGANISATION_ROUTES,
}
# Record parameters the matrix knows how to fill, from a trainee and its degree.
RECORD_PARAMETERS = {"public_id", "degree_id"}
ADMIN_NAMESPACE = "admin"  # staff only, behind allauth's sign-in: tested in tests/providers

# The state a record must be in for each route's page and action to apply.
DRAFT_ROUTES = {
    "degrees",
    "degree_add",
    "degree_edit",
    "degree_remove",
    "change_route",
    "change_provider",
    "check",
    "delete",
}
SECTION_ROUTES = {
    "personal_details",
    "contact_details",
    "diversity",
    "course_details",
    "trainee_id",
    "schools",
    "funding",
}
ROUTE_STATES = {
    "record": ("draft", "trn_received"),
    **dict.fromkeys(DRAFT_ROUTES, ("draft",)),
    **dict.fromkeys(SECTION_ROUTES, ("draft", "trn_received")),
    "registered": ("trn_received",),
    "defer": ("trn_received",),
    "withdraw": ("trn_received",),
    "recommend": ("trn_received",),
    "reinstate": ("deferred",),
    "award": ("recommended_for_award",),
    "move_record": ("trn_received",),
    "return_to_partner": (TO_CHECK,),
}
# Only support staff record an award or move a registered record (403 for the others).
STAFF_ONLY_ROUTES = {"award", "move_record"}
# Support pages under /support/: staff only (403 for anyone else signed in; the scenario
# page is 404 outside demo mode). tests/security/test_staff_pages.py walks them.
STAFF_ONLY_PAGES = {
    "providers:scenario": "researchers' own scenario (demo mode only)",
    "research:dashboard": "the research dashboard",
    "research:dashboard_csv": "the research dashboard's aggregates as CSV",
}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def routes_with_parameters():
    found = []
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        if namespace == ADMIN_NAMESPACE:
            continue
        parameters = set(pattern.pattern.regex.groupindex)
        if parameters:
            found.append((route, namespace, pattern.name, parameters))
    return found


def record_routes():
    return [
        (namespace, name, parameters)
        for _, namespace, name, parameters in routes_with_parameters()
        if name not in NOT_RECORD_ROUTES
    ]


def make_record(provider, state: str, partner=None):
    """A complete record of ``provider`` in ``state``, linked to ``partner`` (a training
    partner) if given. ``state`` "to_check" is a draft the partner started and sent to
    be checked; a "draft" linked to a partner is one the partner started."""
    if state == TO_CHECK and partner is None:
        partner = PartnerFactory()
        partnership(provider, partner, may_draft=True)
    # A route on which every section applies, so that every section's page exists.
    trainee = complete(
        TraineeFactory(
            provider=provider,
            training_route="school_direct_salaried",
            funding_type="grant",
            lead_partner_school="" if partner else "Oak School",
            employing_school="Elm School",
            training_partner=partner,
        )
    )
    if state in ("draft", TO_CHECK):
        if partner is not None:
            trainee.drafting_partner = partner
            trainee.partner_review = TO_CHECK if state == TO_CHECK else ""
            trainee.save()
    else:
        registered(trainee, state=state, state_before_deferral="trn_received")
    return trainee


def snapshot(trainee) -> tuple:
    """The trainee, its degrees and every history row of both, as plain values."""
    return (
        list(Trainee.objects.filter(pk=trainee.pk).values()),
        list(Degree.objects.filter(trainee_id=trainee.pk).order_by("pk").values()),
        list(Trainee.history.filter(id=trainee.pk).order_by("history_id").values()),
        list(Degree.history.filter(trainee_id=trainee.pk).order_by("history_id").values()),
    )


def url_for(namespace, name, parameters, trainee):
    kwargs = {"public_id": trainee.public_id}
    if "degree_id" in parameters:
        kwargs["degree_id"] = trainee.degrees.first().pk
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


def accepted_methods(client, url):
    """The methods a view accepts, from the Allow header of a method none of them take."""
    response = client.generic("PATCH", url)
    assert response.status_code == 405, (url, response.status_code)
    return [m.strip() for m in response["Allow"].split(",") if m.strip() not in ("HEAD", "")]


def send(client, method, url, data):
    body = urlencode(data) if method == "POST" else ""
    return client.generic(method, url, body, content_type="application/x-www-form-urlencoded")


def wear(client, provider):
    session = client.session
    session[HAT_SESSION_KEY] = provider.pk
    session.save()


def as_drawn(client, url, trainee, provider):
    """What the page's own form would send: its hidden fields, or the record's version."""
    page = client.get(url)
    if page.status_code == 200 and page_forms(page.content.decode()):
        return hidden_fields(page.content.decode())
    return {"form_provider": provider.pk, "version": trainee.version}


def signed_in_pages(provider):
    """Every page a signed-in user can open with GET, filled from records of ``provider``."""
    records = {}
    for _, namespace, pattern in walk_urlconf():
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        parameters = set(pattern.pattern.regex.groupindex)
        if not parameters:
            yield name, reverse(name)
            continue
        if pattern.name not in ROUTE_STATES:
            continue  # tokens from emails (password reset): not pages of the service
        for state in ROUTE_STATES[pattern.name]:
            if state not in records:
                records[state] = make_record(provider, state)
            kwargs = {"public_id": records[state].public_id}
            if "degree_id" in parameters:
                kwargs["degree_id"] = records[state].degrees.first().pk
            yield name, reverse(name, kwargs=kwargs)


def walk_urlconf():
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        if namespace != ADMIN_NAMESPACE and pattern.name:
            yield route, namespace, pattern
