import datetime
import re

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from providers.models import Role
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    ProviderFactory,
    TraineeFactory,
    member_of,
    partnership,
    registered,
)
from trainees.constants import STATE_TAG_CLASSES, state_label

pytestmark = pytest.mark.django_db


def names(response):
    return re.findall(
        r'<a class="govuk-link" href="/trainees/[0-9a-f-]+/">([^<]+)</a>', response.content.decode()
    )


def count_shown(response):
    return int(
        re.search(r'role="status">([\d,]+) records?<', response.content.decode())
        .group(1)
        .replace(",", "")
    )


@pytest.fixture
def records(alder):
    return {
        "ada": registered(
            TraineeFactory(
                provider=alder,
                first_names="Ada",
                last_name="Lovelace",
                trainee_id="AL-001",
                study_mode="part_time",
                course_subject="mathematics",
            )
        ),
        "alan": TraineeFactory(
            provider=alder,
            first_names="Alan",
            last_name="Turing",
            trainee_id="AL-002",
            training_route="assessment_only",
            course_subject="computing",
            itt_start_date=datetime.date(2024, 9, 1),
        ),
        "grace": registered(
            TraineeFactory(
                provider=alder,
                first_names="Grace",
                last_name="Hopper",
                trainee_id="AL-003",
                course_subject="physics",
            ),
            state="awarded",
        ),
    }


def test_all_records_in_scope_are_listed_with_drafts_tagged(hat_client, records):
    response = hat_client.get("/trainees/")
    html = response.content.decode()
    assert count_shown(response) == 3
    assert set(names(response)) == {"Ada Lovelace", "Alan Turing", "Grace Hopper"}
    assert '<strong class="govuk-tag govuk-tag--grey">\n  Draft\n</strong>' in html
    assert records["ada"].trn in html
    assert "QTS awarded" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", {"Alan Turing"}),
        ("status=qts_awarded&status=trn_received", {"Ada Lovelace", "Grace Hopper"}),
        ("status=eyts_awarded", set()),
        ("route=assessment_only", {"Alan Turing"}),
        ("subject=physics", {"Grace Hopper"}),
        ("subject=physics&subject=computing", {"Grace Hopper", "Alan Turing"}),
        ("start_year=2024", {"Alan Turing"}),
        ("start_year=2026", {"Ada Lovelace", "Grace Hopper"}),
        ("study_mode=part_time", {"Ada Lovelace"}),
        ("q=lovelace", {"Ada Lovelace"}),
        ("q=ADA+love", {"Ada Lovelace"}),
        ("q=al-002", {"Alan Turing"}),
        ("q=gr", {"Grace Hopper"}),
        ("q=nobody", set()),
    ],
)
def test_filters_and_search(hat_client, records, query, expected):
    response = hat_client.get(f"/trainees/?{query}")
    assert set(names(response)) == expected
    assert count_shown(response) == len(expected)


def test_qts_and_eyts_are_separate_status_options(hat_client, records, alder):
    registered(
        TraineeFactory(
            provider=alder,
            first_names="Eve",
            last_name="Early",
            training_route="early_years_graduate_entry",
        ),
        state="awarded",
    )
    qts = hat_client.get("/trainees/?status=qts_awarded")
    assert set(names(qts)) == {"Grace Hopper"}
    eyts = hat_client.get("/trainees/?status=eyts_awarded")
    assert set(names(eyts)) == {"Eve Early"}
    assert count_shown(eyts) == 1
    html = eyts.content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">\n  EYTS awarded\n</strong>' in html
    assert 'value="qts_awarded"' in html and 'value="eyts_awarded"' in html
    both = hat_client.get("/trainees/?status=qts_awarded&status=eyts_awarded")
    assert set(names(both)) == {"Grace Hopper", "Eve Early"}


def test_each_rows_status_is_what_govuk_tag_draws(hat_client, alder):
    """The rows write the tag's markup out (100 rows a page); it must stay the macro's."""
    tag = (
        engines["jinja2"]
        .env.get_template("govuk_frontend_jinja/components/tag/macro.html")
        .module.govukTag
    )
    for state in STATE_TAG_CLASSES:
        trainee = TraineeFactory(provider=alder)
        if state != "draft":
            registered(trainee, state=state)
    html = hat_client.get("/trainees/").content.decode()
    for state, classes in STATE_TAG_CLASSES.items():
        drawn = str(tag({"text": state_label(state, "provider_led_postgrad"), "classes": classes}))
        assert drawn.strip() in html, state


def test_names_typed_by_users_are_shown_as_text_not_markup(client, settings):
    """Rows are made as markup in Python (trainees.listing.RowMaker): whatever a user typed
    into a name, or a provider's name, must reach the page escaped."""
    settings.PROVIDER_MODEL = "blended"
    ampersand = ProviderFactory(name="Smith & <b>Jones</b> SCITT")
    other = ProviderFactory()
    TraineeFactory(
        provider=ampersand, first_names='<script>alert("x")</script>', last_name="O'Neil"
    )
    TraineeFactory(provider=other)
    client.force_login(member_of(ampersand, other))
    html = client.get("/trainees/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil</a>" in html
    assert '<td class="govuk-table__cell">Smith &amp; &lt;b&gt;Jones&lt;/b&gt; SCITT</td>' in html
    assert ">Smith &amp; &lt;b&gt;Jones&lt;/b&gt; SCITT (" in html  # the provider filter


def test_the_options_chosen_stay_ticked_in_every_group(client, settings, alder, birch):
    settings.PROVIDER_MODEL = "blended"
    client.force_login(member_of(alder, birch))
    year = timezone.localdate().year
    query = f"provider={birch.pk}&status=draft&route=assessment_only&start_year={year}"
    html = client.get(f"/trainees/?{query}&subject=physics&study_mode=part_time").content.decode()
    ticked = re.findall(r'name="(\w+)" type="checkbox" value="([^"]+)" checked>', html)
    assert sorted(ticked) == sorted(
        [
            ("provider", str(birch.pk)),
            ("status", "draft"),
            ("route", "assessment_only"),
            ("start_year", str(year)),
            ("subject", "physics"),
            ("study_mode", "part_time"),
        ]
    )


def test_unnamed_drafts_say_what_they_are_and_who_started_them(hat_client, alder, multi_user):
    from trainees import services

    services.create_draft(provider=alder, training_route="school_direct_salaried", user=multi_user)
    html = hat_client.get("/trainees/").content.decode()
    today = datetime.date.today()
    assert (
        f"Draft: School direct (salaried), started {today.day} {today:%B %Y} by Morgan Multi"
        in html
    )


def test_search_by_trn(hat_client, records):
    trn = records["grace"].trn
    assert names(hat_client.get(f"/trainees/?q={trn}")) == ["Grace Hopper"]
    assert names(hat_client.get(f"/trainees/?q={trn[:5]}")) != []


def test_selected_filters_are_tags_that_remove_themselves(hat_client, records):
    html = hat_client.get("/trainees/?status=draft&subject=physics&q=ada").content.decode()
    assert '<h2 class="govuk-heading-m">Selected filters</h2>' in html
    assert (
        '<a class="moj-filter__tag" href="?subject=physics&amp;q=ada"><span class="govuk-visually-hidden">Remove this filter</span> Draft</a>'
        in html
    )
    assert (
        '<a class="govuk-link govuk-link--no-visited-state" href="/trainees/">Clear filters</a>'
        in html
    )
    assert 'value="draft" checked' in html


def test_no_filter_is_pre_selected(hat_client, records):
    html = hat_client.get("/trainees/").content.decode()
    assert " checked" not in html
    assert "Selected filters" not in html


def test_sort_by_last_name(hat_client, records):
    response = hat_client.get("/trainees/?sort=last_name")
    assert names(response) == ["Grace Hopper", "Ada Lovelace", "Alan Turing"]


def test_default_sort_is_most_recently_updated(hat_client, records):
    records["alan"].first_names = "Alan M"
    records["alan"].save()
    assert names(hat_client.get("/trainees/"))[0] == "Alan M Turing"


def test_pagination_keeps_the_filters(hat_client, alder):
    TraineeFactory.create_batch(105, provider=alder, course_subject="physics")
    TraineeFactory.create_batch(3, provider=alder, course_subject="music")
    first = hat_client.get("/trainees/?subject=physics")
    assert count_shown(first) == 105
    assert len(names(first)) == 100
    html = first.content.decode()
    assert 'href="?subject=physics&amp;page=2" rel="next"' in html
    second = hat_client.get("/trainees/?subject=physics&page=2")
    assert len(names(second)) == 5
    assert 'aria-current="page">2</a>' in second.content.decode()


def test_empty_state_without_records(hat_client):
    html = hat_client.get("/trainees/").content.decode()
    assert "There are no trainee records yet" in html
    assert "Add a trainee" in html


def test_empty_state_when_nothing_matches(hat_client, records):
    html = hat_client.get("/trainees/?q=zzzz").content.decode()
    assert "No records match your filters" in html


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=99999999999999999999",
        "page=0",
        "status=nonsense",
        "status=",
        "route=%00",
        "start_year=1066",
        "start_year=abc",
        "provider=abc",
        "provider=99999999999999999999999",
        "provider=-1",
        "sort=;drop table",
        "q=%00%01",
        "q=" + "x" * 5000,
        "q=%27%20OR%201%3D1--",
        "study_mode[]=x",
    ],
)
def test_malformed_parameters_never_break_the_page(hat_client, records, query):
    response = hat_client.get(f"/trainees/?{query}")
    assert response.status_code == 200
    assert count_shown(response) <= 3


def test_malformed_values_are_ignored_not_applied(hat_client, records):
    assert count_shown(hat_client.get("/trainees/?status=nonsense&sort=zzz")) == 3


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


LIST_VARIANTS = [
    "/trainees/",
    "/trainees/?provider={other}",
    "/trainees/?status=trn_received&route=provider_led_postgrad",
    "/trainees/?q=a",
    "/trainees/?sort=last_name&page=2",
]


def variant_query_counts(client, settings, providers_count, per_provider):
    """Query counts of each list variant for a user with mixed roles at ``providers_count``
    providers and two training partners (one drafting, one viewing), whose records are
    partly linked to the partners and partly to a provider the user is not in."""
    providers = [ProviderFactory() for _ in range(providers_count)]
    outside = ProviderFactory()
    drafting, viewing = PartnerFactory(), PartnerFactory()
    partnership(providers[0], drafting, may_draft=True)
    partnership(outside, viewing)
    for provider in providers:
        TraineeFactory.create_batch(per_provider, provider=provider, first_names="Ann")
        registered(TraineeFactory(provider=provider, first_names="Ann"))
    TraineeFactory.create_batch(per_provider, provider=outside, training_partner=viewing)
    user = member_of(*providers[:-1])
    MembershipFactory(user=user, provider=providers[-1], role=Role.VIEW)
    MembershipFactory(user=user, provider=drafting, role=Role.EDIT)
    MembershipFactory(user=user, provider=viewing, role=Role.VIEW)
    client.force_login(user)
    counts = {}
    settings.PROVIDER_MODEL = "blended"
    for url in LIST_VARIANTS:
        counts[url] = query_count(client, url.format(other=providers[1].pk))
    settings.PROVIDER_MODEL = "hat"
    session = client.session
    session["providers.active_provider_id"] = providers[0].pk
    session.save()
    counts["hat"] = query_count(client, "/trainees/")
    record = providers[0].trainees.first()
    counts["record"] = query_count(client, record.get_absolute_url())
    client.logout()
    return counts


def test_query_counts_are_the_same_at_two_data_sizes_and_for_every_variant(client, settings):
    small = variant_query_counts(client, settings, 2, 60)
    large = variant_query_counts(client, settings, 8, 60)
    assert small == large
    list_counts = {count for variant, count in large.items() if variant != "record"}
    assert list_counts == {4}, large  # session, user, memberships, the page


def test_hat_list_query_budget(hat_client, alder, django_assert_max_num_queries):
    TraineeFactory.create_batch(120, provider=alder)
    with django_assert_max_num_queries(7):
        assert hat_client.get("/trainees/").status_code == 200


@pytest.mark.parametrize("query", ["page=99", "q=a&page=99", "status=draft&page=99"])
def test_a_page_past_the_end_shows_the_last_page(hat_client, alder, query):
    TraineeFactory.create_batch(103, provider=alder, first_names="Ann")
    response = hat_client.get(f"/trainees/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(names(response)) == 3
    assert 'aria-current="page">2</a>' in html
