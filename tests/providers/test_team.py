"""Team pages: a manager sees their organisation's team, invites people by email, changes
roles and removes members; nobody else sees them. The last manager stays; every change
is recorded with who made it."""

import html as html_lib
import logging
import re
import threading
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.urls import get_resolver, reverse
from django.utils import timezone

from providers import services
from providers.models import Membership, Provider, Role
from tests.factories import MembershipFactory, ProviderFactory, UserFactory
from tests.forms import form_values, hidden_fields, submit
from tests.routes import (
    ADMIN_NAMESPACE,
    IDENTITY_PROVIDER_ROUTES,
    NOT_RECORD_ROUTES,
    ORGANISATION_ROUTES,
    accepted_methods,
    walk,
    wear,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Correct-horse-battery-9"


def team_url(provider, *rest):
    return "/organisations/{}/team/{}".format(provider.pk, "".join(f"{part}/" for part in rest))


def role_url(membership):
    return team_url(membership.provider, membership.pk, "role")


def remove_url(membership):
    return team_url(membership.provider, membership.pk, "remove")


def text(response) -> str:
    """The page's text as a reader gets it: no tags, entities decoded, spaces collapsed."""
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html_lib.unescape(page).split())


def member(provider, role, **user_fields):
    user = UserFactory(password=PASSWORD, **user_fields)
    MembershipFactory(user=user, provider=provider, role=role)
    return user


def team_snapshot() -> tuple:
    memberships = Membership.objects.all()
    history = Membership.history.all()
    return (
        list(memberships.order_by("pk").values()),
        list(history.order_by("history_id").values()),
        list(User.objects.order_by("pk").values("pk", "email", "password")),
    )


@pytest.fixture(autouse=True)
def hat_model(settings):
    settings.PROVIDER_MODEL = "hat"


@pytest.fixture
def alder(db):
    return ProviderFactory(name="Alder SCITT", code="1AL")


@pytest.fixture
def manager(alder):
    return member(alder, Role.MANAGE, first_name="Maya", last_name="Manager")


@pytest.fixture
def editor(alder):
    return member(alder, Role.EDIT, first_name="Eddie", last_name="Editor")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


# The team page -------------------------------------------------------------------------


def test_a_manager_sees_each_member_with_their_role_and_last_sign_in(
    manager_client, alder, manager, editor
):
    editor.last_login = timezone.make_aware(timezone.datetime(2026, 3, 5, 14, 30))
    editor.save(update_fields=["last_login"])
    viewer = member(alder, Role.VIEW, first_name="", last_name="", email="vic@example.com")
    response = manager_client.get(team_url(alder))
    assert response.status_code == 200
    page = text(response)
    assert "Alder SCITT team - Register trainee teachers - GOV.UK" in page
    assert "Members (3)" in page
    assert f"Eddie Editor {editor.email} Add and change records 5 March 2026 at 2:30pm" in page
    assert f"Maya Manager {manager.email} Manage the team" in page
    assert f"Not provided {viewer.email} View records Not signed in yet" in page
    assert "Change role of Eddie Editor" in page and "Remove Eddie Editor" in page


def test_the_team_page_lists_only_that_organisations_members(manager_client, alder, editor):
    elsewhere = member(ProviderFactory(name="Elm SCITT"), Role.EDIT)
    page = text(manager_client.get(team_url(alder)))
    assert editor.email in page
    assert elsewhere.email not in page


def test_the_team_page_makes_the_same_queries_however_many_members(
    manager_client, alder, manager, django_assert_max_num_queries
):
    def queries_for_page():
        with django_assert_max_num_queries(50) as captured:
            assert manager_client.get(team_url(alder)).status_code == 200
        return len(captured)

    few = queries_for_page()
    for number in range(10):
        invitation = services.invite_member(
            alder, f"member{number}@example.com", Role.VIEW, invited_by=manager
        )
        services.change_role(invitation.membership, Role.EDIT, changed_by=manager)
    assert queries_for_page() == few


# Inviting ------------------------------------------------------------------------------


def invite(client, provider, email, role=Role.EDIT):
    return submit(client, team_url(provider, "invite"), {"email": email, "role": role})


def email_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)[1]


def test_inviting_a_new_person_creates_their_account_and_emails_them_a_password_link(
    manager_client, alder, manager
):
    response = invite(manager_client, alder, "  New.Person@Example.COM ", Role.VIEW)
    assert response.status_code == 302
    assert response["Location"] == team_url(alder)

    invited = User.objects.get(email="new.person@example.com")
    assert not invited.has_usable_password()
    assert Membership.objects.get(user=invited, provider=alder).role == Role.VIEW
    [message] = mail.outbox
    assert message.to == ["new.person@example.com"]
    assert message.subject == (
        f"Register trainee teachers: Maya Manager ({manager.email}) added you to Alder SCITT"
    )
    assert "added you to the team of Alder SCITT" in message.body
    assert "with the role: View records" in message.body
    assert "The link works for 3 days and can be used once" in message.body
    assert "http://testserver/accounts/login/" in message.body
    page = text(manager_client.get(response["Location"]))
    assert "new.person@example.com has been added to the team and emailed" in page
    assert "new.person@example.com View records Not signed in yet" in page


def test_with_dfe_sign_in_a_new_person_is_told_to_sign_in_there_not_to_set_a_password(
    manager_client, alder, settings
):
    settings.SIGN_IN_METHOD = "oidc"
    page = text(manager_client.get(team_url(alder, "invite")))
    assert "email them to sign in with DfE Sign-in using this email address" in page
    invite(manager_client, alder, "new.person@example.com", Role.VIEW)
    [message] = mail.outbox
    assert "/accounts/password/" not in message.body
    assert (
        "Sign in at http://testserver/accounts/login/ with your DfE Sign-in account for "
        "this email address." in message.body
    )


def test_the_invited_person_sets_a_password_with_the_link_then_signs_in(
    client, manager_client, alder
):
    invite(manager_client, alder, "new.person@example.com")
    link = email_link(mail.outbox[0])
    client.logout()

    form_page = client.get(link, follow=True)
    assert "Create your password" in text(form_page)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302

    signed_in = client.post(
        "/accounts/login/", {"login": "New.Person@example.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    records = client.get("/trainees/")
    assert records.status_code == 200
    assert records.wsgi_request.provider_context.active == alder
    # The link was for one use.
    client.logout()
    assert "This link has expired" in text(client.get(link, follow=True))


def test_an_existing_account_is_added_whatever_the_letter_case_and_keeps_its_password(
    manager_client, alder
):
    colleague = member(ProviderFactory(name="Elm SCITT"), Role.EDIT, email="sam@example.com")
    password_before = colleague.password
    response = invite(manager_client, alder, "Sam@EXAMPLE.com", Role.MANAGE)
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="sam@example.com").count() == 1
    colleague.refresh_from_db()
    assert colleague.password == password_before
    assert Membership.objects.get(user=colleague, provider=alder).role == Role.MANAGE
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    assert "Sign in at http://testserver/accounts/login/" in message.body
    assert "/accounts/password/reset/key/" not in message.body


def test_an_account_that_never_set_a_password_gets_a_password_link_again(manager_client, alder):
    never_signed_in = User.objects.create_user("quiet@example.com")  # no password
    invite(manager_client, alder, "quiet@example.com")
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert Membership.objects.filter(user=never_signed_in, provider=alder).exists()


def test_the_email_is_plain_text_with_names_as_typed(client, manager_client, manager, settings):
    oneill = ProviderFactory(name="O'Neill & Sons <Teaching> SCITT", code="1ON")
    MembershipFactory(user=manager, provider=oneill, role=Role.MANAGE)
    wear(manager_client, oneill)
    manager.first_name = "Zoë"
    manager.last_name = "D'Arcy & Co"
    manager.save()
    invite(manager_client, oneill, "new.person@example.com")
    [message] = mail.outbox
    assert "O'Neill & Sons <Teaching> SCITT" in message.subject
    assert "Zoë D'Arcy & Co" in message.subject
    assert "the team of O'Neill & Sons <Teaching> SCITT" in message.body
    assert "&amp;" not in message.body + message.subject
    assert "&#39;" not in message.body + message.subject
    assert message.alternatives == []  # no HTML part


def test_inviting_a_member_again_is_refused_with_a_message(manager_client, alder, editor):
    before = team_snapshot()
    response = invite(manager_client, alder, editor.email.upper(), Role.MANAGE)
    assert response.status_code == 409
    page = text(response)
    assert "There is a problem" in page
    assert f"{editor.email} is already a member of this team" in page
    assert team_snapshot() == before
    assert mail.outbox == []


def test_a_closed_account_is_not_added(manager_client, alder):
    closed = UserFactory(email="gone@example.com", is_active=False)
    response = invite(manager_client, alder, "gone@example.com")
    assert response.status_code == 409
    assert "The account for gone@example.com has been closed" in text(response)
    assert not Membership.objects.filter(user=closed).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("answers", "messages"),
    [
        ({"email": "", "role": ""}, ["Enter an email address", "Select a role"]),
        (
            {"email": "not-an-email", "role": "edit"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        (
            {"email": "a\x00b@example.com", "role": "edit"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        (
            {"email": "a" * 250 + "@example.com", "role": "edit"},
            ["Email address must be 254 characters or fewer"],
        ),
        ({"email": "ok@example.com", "role": "owner"}, ["Select one of the roles"]),
    ],
)
def test_bad_answers_get_govuk_error_messages_and_are_kept(
    manager_client, alder, answers, messages
):
    before = team_snapshot()
    response = invite(manager_client, alder, answers["email"], answers["role"])
    assert response.status_code == 200
    page = text(response)
    assert page.startswith("Error: Invite someone to the team")
    assert "There is a problem" in page
    for message in messages:
        assert message in page
    # Only the message, never Django's own words as well.
    assert "Null characters" not in page and "Enter a valid" not in page
    if answers["email"] and "\x00" not in answers["email"]:
        assert form_values(response.content.decode())["email"] == answers["email"]
    assert team_snapshot() == before


def test_an_email_that_cannot_be_sent_keeps_the_member_and_tells_the_manager(
    manager_client, alder, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.accounts.email_backends.RefusingEmailBackend"
    with caplog.at_level(logging.ERROR, logger="providers"):
        response = invite(manager_client, alder, "new.person@example.com")
    assert response.status_code == 302
    invited = User.objects.get(email="new.person@example.com")
    assert Membership.objects.filter(user=invited, provider=alder).exists()
    page = text(manager_client.get(response["Location"]))
    assert "new.person@example.com has been added to the team, but we could not send" in page
    assert "has been added to the team and emailed" not in page
    [record] = [r for r in caplog.records if r.name == "providers.emails"]
    assert f"team email could not be sent to user {invited.pk}" in record.getMessage()
    assert "ConnectionRefusedError" in record.getMessage()
    assert "new.person@example.com" not in caplog.text


# Changing roles and removing -----------------------------------------------------------


def test_a_manager_changes_a_members_role_and_the_change_is_recorded(
    manager_client, alder, manager, editor
):
    membership = Membership.objects.get(user=editor, provider=alder)
    page = manager_client.get(role_url(membership))
    assert "Change the role of Eddie Editor" in text(page)
    assert 'value="edit" checked' in page.content.decode()
    response = submit(manager_client, role_url(membership), {"role": Role.VIEW})
    assert response.status_code == 302
    assert response["Location"] == team_url(alder)
    membership.refresh_from_db()
    assert membership.role == Role.VIEW
    latest = Membership.history.filter(id=membership.pk).latest("history_id")
    assert (latest.history_type, latest.history_user, latest.role) == ("~", manager, "view")
    page = text(manager_client.get(team_url(alder)))
    assert "Role of Eddie Editor changed" in page
    assert (
        "Maya Manager Changed role of Eddie Editor from Add and change records to View records"
        in page
    )


def test_a_manager_removes_a_member_whose_account_stays(client, manager_client, alder, editor):
    membership = Membership.objects.get(user=editor, provider=alder)
    confirm = manager_client.get(remove_url(membership))
    assert "Are you sure you want to remove Eddie Editor from the team?" in text(confirm)
    response = submit(manager_client, remove_url(membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=editor.pk).exists()
    page = text(manager_client.get(team_url(alder)))
    assert "Eddie Editor removed from the team" in page
    assert "Maya Manager Removed Eddie Editor" in page
    assert "Members (1)" in page
    # The former member no longer works for the organisation.
    other = client.__class__()
    other.force_login(editor)
    assert other.get("/trainees/").status_code == 403  # not linked to a provider


def test_recent_changes_say_who_when_and_what_newest_first(manager_client, alder, manager):
    invite(manager_client, alder, "ada@example.com", Role.VIEW)
    ada = Membership.objects.get(user__email="ada@example.com")
    submit(manager_client, role_url(ada), {"role": Role.MANAGE})
    submit(manager_client, remove_url(ada))
    page = text(manager_client.get(team_url(alder)))
    recent = page[page.index("Recent changes") :]
    today = timezone.localtime().day
    assert re.search(
        rf"{today} \w+ \d{{4}} at \d+:\d\d[ap]m Maya Manager Removed ada@example.com .*"
        r"Maya Manager Changed role of ada@example.com from View records to Manage the team .*"
        r"Maya Manager Added ada@example.com, role: View records",
        recent,
    ), recent


def test_changes_made_outside_the_team_pages_show_who_made_them_too(manager_client, alder):
    staff = UserFactory(first_name="Sue", last_name="Support", is_staff=True)
    someone = UserFactory(first_name="Sam", last_name="Someone")
    services.set_memberships(someone, {alder: Role.EDIT}, changed_by=staff)
    Membership.objects.create(
        user=UserFactory(first_name="Lou", last_name="Loaded"), provider=alder
    )
    page = text(manager_client.get(team_url(alder)))
    assert "Sue Support Added Sam Someone, role: Add and change records" in page
    assert "Register trainee teachers Added Lou Loaded" in page


def test_a_manager_who_changes_their_own_role_goes_to_their_organisations(
    manager_client, alder, manager
):
    member(alder, Role.MANAGE)
    own = Membership.objects.get(user=manager, provider=alder)
    response = submit(manager_client, role_url(own), {"role": Role.EDIT})
    assert response["Location"] == "/organisations/"
    page = manager_client.get("/organisations/")
    assert page.status_code == 200
    assert "Role of Maya Manager changed" in text(page)
    assert manager_client.get(team_url(alder)).status_code == 404


# The last manager ----------------------------------------------------------------------


def test_the_last_manager_cannot_be_downgraded(manager_client, alder, manager):
    own = Membership.objects.get(user=manager, provider=alder)
    before = team_snapshot()
    response = submit(manager_client, role_url(own), {"role": Role.EDIT})
    assert response.status_code == 409
    page = text(response)
    assert "Alder SCITT must have at least one team manager" in page
    assert "Make someone else a manager first" in page
    assert team_snapshot() == before


def test_the_last_manager_cannot_be_removed(manager_client, alder, manager, editor):
    own = Membership.objects.get(user=manager, provider=alder)
    before = team_snapshot()
    response = submit(manager_client, remove_url(own))
    assert response.status_code == 409
    assert "Alder SCITT must have at least one team manager" in text(response)
    assert team_snapshot() == before


def test_with_two_managers_one_may_step_down_then_the_other_is_the_last(
    manager_client, alder, manager
):
    second = Membership.objects.get(user=member(alder, Role.MANAGE), provider=alder)
    own = Membership.objects.get(user=manager, provider=alder)
    assert submit(manager_client, remove_url(second)).status_code == 302
    assert submit(manager_client, remove_url(own)).status_code == 409
    assert Membership.objects.filter(provider=alder, role=Role.MANAGE).count() == 1


def test_the_services_refuse_the_last_manager_and_record_who_made_each_change(alder, manager):
    own = Membership.objects.get(user=manager, provider=alder)
    with pytest.raises(services.LastManager):
        services.change_role(own, Role.VIEW, changed_by=manager)
    with pytest.raises(services.LastManager):
        services.remove_member(own, removed_by=manager)
    invitation = services.invite_member(alder, "x@example.com", Role.EDIT, invited_by=manager)
    services.change_role(invitation.membership, Role.MANAGE, changed_by=manager)
    services.change_role(own, Role.VIEW, changed_by=manager)
    services.remove_member(own, removed_by=invitation.membership.user)
    rows = Membership.history.filter(provider_id=alder.pk).order_by("history_id")
    assert [(row.history_type, row.history_user, row.role) for row in rows][1:] == [
        ("+", manager, "edit"),
        ("~", manager, "manage"),
        ("~", manager, "view"),
        ("-", invitation.membership.user, "view"),
    ]


def test_the_services_take_only_the_roles_there_are(alder, manager, editor):
    membership = Membership.objects.get(user=editor, provider=alder)
    before = team_snapshot()
    with pytest.raises(ValueError, match="unknown role 'owner'"):
        services.invite_member(alder, "x@example.com", "owner", invited_by=manager)
    with pytest.raises(ValueError, match="unknown role 'owner'"):
        services.change_role(membership, "owner", changed_by=manager)
    assert team_snapshot() == before


def test_a_member_removed_meanwhile_is_reported_not_changed(alder, manager, editor):
    membership = Membership.objects.get(user=editor, provider=alder)
    Membership.objects.filter(pk=membership.pk).delete()
    with pytest.raises(services.NoLongerMember, match="is no longer a member of this team"):
        services.change_role(membership, Role.VIEW, changed_by=manager)
    assert not Membership.objects.filter(user=editor).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks it all)"
)
@pytest.mark.django_db(transaction=True)
def test_two_managers_removing_each_other_at_once_leave_one_manager():
    """The first removal holds the team's lock until it commits; the second waits, then
    sees one manager left and is refused. Without the lock both would see two managers."""
    from django.db import connections, transaction

    alder = ProviderFactory(name="Alder SCITT", code="1AL")
    first = MembershipFactory(provider=alder, role=Role.MANAGE)
    second = MembershipFactory(provider=alder, role=Role.MANAGE)
    removed_first = threading.Event()
    outcome = {}

    def remove_first():
        try:
            with transaction.atomic():
                services.remove_member(first, removed_by=first.user)
                removed_first.set()
                threading.Event().wait(1.0)  # commit late: the other removal must wait
            outcome["first"] = "removed"
        finally:
            removed_first.set()
            connections.close_all()

    def remove_second():
        removed_first.wait(10)
        try:
            services.remove_member(second, removed_by=second.user)
            outcome["second"] = "removed"
        except services.LastManager:
            outcome["second"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=remove_first), threading.Thread(target=remove_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"first": "removed", "second": "refused"}
    assert list(Membership.objects.filter(provider=alder).values_list("pk", flat=True)) == [
        second.pk
    ]


# Who gets the team pages ---------------------------------------------------------------


def organisation_routes():
    """Every route about one organisation, read from the URLconf."""
    return [
        (f"{namespace}:{pattern.name}", set(pattern.pattern.regex.groupindex))
        for _, namespace, pattern in walk(get_resolver().url_patterns)
        if namespace != ADMIN_NAMESPACE
        and "provider_id" in pattern.pattern.regex.groupindex
        and pattern.name not in IDENTITY_PROVIDER_ROUTES
    ]


def test_every_organisation_route_is_listed_and_walked():
    names = {name.split(":")[-1] for name, _ in organisation_routes()}
    assert names == set(ORGANISATION_ROUTES)
    assert set(ORGANISATION_ROUTES) <= set(NOT_RECORD_ROUTES)
    for _, parameters in organisation_routes():
        assert parameters <= {"provider_id", "membership_id"}


@pytest.fixture
def cast(alder):
    """The manager, a member of each other role, and an outsider who manages elsewhere."""
    foreign = ProviderFactory(name="Foreign Partnership", code="9FO")
    birch = ProviderFactory(name="Birch University", code="2BI")
    manager = member(alder, Role.MANAGE)
    MembershipFactory(user=manager, provider=birch, role=Role.MANAGE)
    editor = member(alder, Role.EDIT)
    MembershipFactory(user=editor, provider=birch, role=Role.MANAGE)
    return {
        "alder": alder,
        "birch": birch,
        "foreign": foreign,
        "manager": manager,
        "editor": editor,
        "viewer": member(alder, Role.VIEW),
        "outsider": member(foreign, Role.MANAGE),
        "staff": member(foreign, Role.MANAGE, is_staff=True, is_superuser=True),
    }


def url_for(name, parameters, provider, membership):
    kwargs = {"provider_id": provider.pk}
    if "membership_id" in parameters:
        kwargs["membership_id"] = membership.pk
    return reverse(name, kwargs=kwargs)


def send(client, method, url, data):
    body = urlencode(data) if method == "POST" else ""
    return client.generic(method, url, body, content_type="application/x-www-form-urlencoded")


def drawn_answers(client, url, method):
    """What the page's own form sends, with an answer that changes something."""
    if method != "POST":
        return {}
    return {**form_values(client.get(url).content.decode()), "email": "new@example.com"}


@pytest.mark.parametrize("model", ["hat", "blended"])
@pytest.mark.parametrize(("name", "parameters"), organisation_routes())
def test_only_the_organisations_managers_get_its_team_pages(
    client, cast, settings, model, name, parameters
):
    settings.PROVIDER_MODEL = model
    alder = cast["alder"]
    target = Membership.objects.get(user=cast["viewer"], provider=alder)
    url = url_for(name, parameters, alder, target)
    client.force_login(cast["manager"])
    wear(client, alder)
    methods = accepted_methods(client, url)
    assert "GET" in methods
    for method in methods:
        client.force_login(cast["manager"])
        wear(client, alder)
        drawn = drawn_answers(client, url, method)

        client.logout()
        before = team_snapshot()
        response = send(client, method, url, drawn)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/")

        # Members who do not manage the team, people of other organisations (support
        # staff included: they use the admin) get no team page and change nothing.
        for actor in ("editor", "viewer", "outsider", "staff"):
            client.force_login(cast[actor])
            if actor in ("editor", "viewer"):
                wear(client, alder)
            else:
                wear(client, cast["foreign"])
            form = {**drawn, "form_provider": alder.pk} if drawn else {}
            response = send(client, method, url, form)
            assert response.status_code == 404, (actor, method, url, response.status_code)
            assert team_snapshot() == before, (actor, method, url)

        client.force_login(cast["manager"])
        wear(client, alder)
        response = send(client, method, url, drawn)
        assert response.status_code in ((200, 302) if method == "POST" else (200,)), (
            method,
            url,
            response.status_code,
        )


@pytest.mark.parametrize(
    ("name", "parameters"),
    [route for route in organisation_routes() if "membership_id" in route[1]],
)
def test_a_member_of_another_team_is_not_found_through_this_one(
    manager_client, alder, manager, name, parameters
):
    elsewhere = MembershipFactory(provider=ProviderFactory(name="Elm SCITT"), role=Role.MANAGE)
    url = url_for(name, parameters, alder, elsewhere)
    before = team_snapshot()
    assert manager_client.get(url).status_code == 404
    assert manager_client.post(url, {"form_provider": alder.pk, "role": "view"}).status_code == 404
    assert team_snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/99999999999999999999999/team/",
        "/organisations/{alder}/team/99999999999999999999999/role/",
        "/organisations/{alder}/team/99999999999999999999999/remove/",
        "/organisations/0/team/invite/",
    ],
)
def test_ids_of_any_size_are_not_found(manager_client, alder, path):
    assert manager_client.get(path.format(alder=alder.pk)).status_code == 404


# The hat and the stale-form guard -------------------------------------------------------


@pytest.fixture
def two_hats(alder, manager):
    birch = ProviderFactory(name="Birch University", code="2BI")
    MembershipFactory(user=manager, provider=birch, role=Role.MANAGE)
    return birch


def test_in_the_hat_model_another_teams_page_offers_to_switch(manager_client, alder, two_hats):
    wear(manager_client, two_hats)
    response = manager_client.get(team_url(alder))
    assert response.status_code == 200
    page = text(response)
    assert "Switch to Alder SCITT to manage its team" in page
    assert "You are working on Birch University" in page
    switched = manager_client.post(
        "/providers/choose/", hidden_fields(response.content.decode()), follow=True
    )
    assert switched.request["PATH_INFO"] == team_url(alder)
    assert "Alder SCITT team" in text(switched)


def test_a_team_form_drawn_under_another_hat_saves_nothing(manager_client, alder, editor, two_hats):
    membership = Membership.objects.get(user=editor, provider=alder)
    wear(manager_client, alder)
    drawn = form_values(manager_client.get(role_url(membership)).content.decode())
    wear(manager_client, two_hats)  # another tab switched provider
    before = team_snapshot()
    response = manager_client.post(role_url(membership), {**drawn, "role": Role.VIEW})
    assert response.status_code == 409
    assert "This form was for the team of <strong>Alder SCITT</strong>" in (
        response.content.decode()
    )
    assert team_snapshot() == before
    # "Switch to Alder SCITT and save" sends the same answers again.
    again = hidden_fields(response.content.decode())
    saved = manager_client.post(role_url(membership), again)
    assert saved.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.VIEW


def test_a_team_form_without_the_provider_it_was_drawn_for_is_refused(
    manager_client, alder, editor
):
    membership = Membership.objects.get(user=editor, provider=alder)
    before = team_snapshot()
    response = manager_client.post(remove_url(membership), {})
    assert response.status_code == 400
    assert team_snapshot() == before


def test_every_team_form_carries_the_provider_it_was_drawn_for(manager_client, alder, editor):
    membership = Membership.objects.get(user=editor, provider=alder)
    for url in (team_url(alder, "invite"), role_url(membership), remove_url(membership)):
        assert hidden_fields(manager_client.get(url).content.decode()) == {
            "form_provider": str(alder.pk)
        }, url


# Navigation and the organisations page ---------------------------------------------------


def navigation(response) -> list[str]:
    nav = re.search(
        r'<ul class="govuk-service-navigation__list".*?</ul>', response.content.decode(), re.S
    )
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r'<li class="govuk-service-navigation__item.*?</li>', nav[0], re.S)
    ]


def test_hat_model_team_link_for_managers_of_the_hat_only(client, alder, manager, editor):
    client.force_login(manager)
    page = client.get("/trainees/")
    assert "Team" in navigation(page)
    assert f'href="{team_url(alder)}"' in page.content.decode()
    team = client.get(team_url(alder)).content.decode()
    assert re.search(
        rf'<a class="govuk-service-navigation__link" href="{team_url(alder)}" '
        r'aria-current="true">\s*<strong class="govuk-service-navigation__active-fallback">'
        r"Team</strong>",
        team,
    )
    client.force_login(editor)
    assert "Team" not in navigation(client.get("/trainees/"))


def test_hat_model_team_link_follows_the_hat(client, alder, manager, two_hats):
    editor_at_birch = UserFactory()
    MembershipFactory(user=editor_at_birch, provider=alder, role=Role.MANAGE)
    MembershipFactory(user=editor_at_birch, provider=two_hats, role=Role.EDIT)
    client.force_login(editor_at_birch)
    wear(client, alder)
    assert "Team" in navigation(client.get("/trainees/"))
    wear(client, two_hats)
    assert "Team" not in navigation(client.get("/trainees/"))


def test_blended_model_lists_your_organisations_with_teams_you_manage(
    client, settings, alder, manager
):
    settings.PROVIDER_MODEL = "blended"
    partner = ProviderFactory(
        name="Oak Primary", code="3OK", kind=Provider.Kind.TRAINING_PARTNER, accreditation_id=""
    )
    MembershipFactory(user=manager, provider=partner, role=Role.VIEW)
    client.force_login(manager)
    page = client.get("/trainees/")
    assert "Your organisations" in navigation(page)
    assert "Team" not in navigation(page)
    organisations = client.get("/organisations/")
    assert organisations.status_code == 200
    body = text(organisations)
    assert "Alder SCITT Accredited provider Manage the team Manage team of Alder SCITT" in body
    assert "Oak Primary Training partner View records" in body
    assert "Manage team of Oak Primary" not in body
    assert re.search(
        r'href="/organisations/" aria-current="true">\s*<strong '
        r'class="govuk-service-navigation__active-fallback">Your organisations</strong>',
        organisations.content.decode(),
    )
    assert client.get(team_url(partner)).status_code == 404
    assert client.get(team_url(alder)).status_code == 200


def test_the_organisations_page_needs_sign_in(client):
    assert client.get("/organisations/")["Location"].startswith("/accounts/login/")


# Every team page ------------------------------------------------------------------------


def test_every_team_page_has_a_title_matching_its_heading_and_jinja2_only(
    manager_client, alder, editor
):
    membership = Membership.objects.get(user=editor, provider=alder)
    pages = [
        "/organisations/",
        team_url(alder),
        team_url(alder, "invite"),
        role_url(membership),
        remove_url(membership),
    ]
    for url in pages:
        response = manager_client.get(url)
        assert response.status_code == 200, url
        assert response.templates == [], url
        assert "no-store" in response["Cache-Control"], url
        page = response.content.decode()
        title = html_lib.unescape(re.search(r"<title>(.*?)</title>", page, re.S)[1])
        heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", page, re.S)[1]
        heading = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", heading)).split())
        assert " ".join(title.split()) == f"{heading} - Register trainee teachers - GOV.UK", url


NASTY = ["\x00", "<script>alert(1)</script>", "x" * 5000, "' OR 1=1 --", "👩🏽‍🏫", "-1", "manage "]


@pytest.mark.parametrize("value", NASTY)
def test_nasty_input_never_breaks_a_team_form(manager_client, alder, editor, value):
    membership = Membership.objects.get(user=editor, provider=alder)
    for url, answers in (
        (team_url(alder, "invite"), {"email": value, "role": value}),
        (team_url(alder, "invite"), {"email": f"{value}@example.com", "role": "view"}),
        (role_url(membership), {"role": value}),
    ):
        response = submit(manager_client, url, answers)
        assert response.status_code in (200, 302, 409), (url, value, response.status_code)
        assert "<script>alert(1)</script>" not in response.content.decode()
