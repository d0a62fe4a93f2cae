"""Bad input never breaks anything: generated input posted to every form in the service.

Every response is a page with GOV.UK error messages (200, or 400/409 where the service
refuses), a redirect after a valid save, or the 429 page for repeated sign-ins: never a
500. Whatever is saved comes back escaped.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from providers.hat import HAT_SESSION_KEY
from tests.factories import TraineeFactory, complete, member_of, registered
from trainees.models import Trainee

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE trainees_trainee; --",
    "%00",
    "../../etc/passwd",
    "0",
    "-1",
    "31",
    "99999",
    "2147483648",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "0x1F",
    "\u202eevil",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "👩🏽‍🏫",
    "ﷺ",
    "\t\r\n",
    "x" * 5000,
    "2026-02-31",
]
DATE_PARTS = ["31", "2", "0", "99999", "-1", "29", "13", "", "ab", "\x00", "1" * 30]
# Numbers of any size: datetime.date takes C integers, so 2**31 and beyond once broke it.
huge_number = st.one_of(
    st.integers(min_value=2**31), st.integers(max_value=-(2**31)), st.integers()
).map(str)
long_digits = st.text(alphabet="0123456789", min_size=5, max_size=5000)
date_part = st.one_of(st.sampled_from(DATE_PARTS), huge_number, long_digits)
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)
value = st.one_of(text, st.lists(text, min_size=2, max_size=3))  # repeated fields too

FIELDS = {
    "personal-details": [
        "first_names",
        "middle_names",
        "last_name",
        "date_of_birth_day",
        "date_of_birth_month",
        "date_of_birth_year",
        "sex",
        "nationality",
        "completion",
        "version",
    ],
    "contact-details": ["email", "completion", "version"],
    "diversity": [
        "diversity_disclosed",
        "ethnic_group",
        "ethnic_background",
        "disability_disclosure",
        "disabilities",
        "completion",
        "version",
    ],
    "course-details": [
        "course_subject",
        "course_subject_two",
        "age_range",
        "education_phase",
        "study_mode",
        "itt_start_date_day",
        "itt_start_date_month",
        "itt_start_date_year",
        "itt_end_date_day",
        "itt_end_date_month",
        "itt_end_date_year",
        "completion",
        "version",
    ],
    "trainee-id": ["trainee_id", "completion", "version"],
    "schools": ["lead_partner_school", "employing_school", "completion", "version"],
    "funding": ["funding_type", "completion", "version"],
    "degrees/new": [
        "uk_degree",
        "country",
        "subject",
        "institution",
        "grade",
        "graduation_year",
        "version",
    ],
    "degrees": ["completion", "version"],
    "training-route": ["training_route"],
}
ACTION_FIELDS = {
    "defer": ["deferred_on_day", "deferred_on_month", "deferred_on_year"],
    "withdraw": [
        "withdrawn_on_day",
        "withdrawn_on_month",
        "withdrawn_on_year",
        "reason",
        "details",
    ],
    "recommend": ["recommended_on_day", "recommended_on_month", "recommended_on_year"],
}
OK = {200, 302, 400, 409}
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def post(client, url, data):
    return client.generic(
        "POST", url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
    )


def form_data(draw, fields, provider_pk=None):
    data = {}
    for name in fields:
        choice = draw(st.integers(min_value=0, max_value=3))
        if choice == 0:
            continue  # missing
        if name.endswith(("_day", "_month", "_year")) and choice == 1:
            data[name] = draw(date_part)
        else:
            data[name] = draw(value)
    if provider_pk is not None:
        data["form_provider"] = provider_pk
    return data


@pytest.fixture
def acting(client, settings):
    settings.PROVIDER_MODEL = "hat"
    alder_trainee = complete(
        TraineeFactory(training_route="school_direct_salaried", funding_type="grant")
    )
    provider = alder_trainee.provider
    user = member_of(provider)
    client.force_login(user)
    session = client.session
    session[HAT_SESSION_KEY] = provider.pk
    session.save()
    return client, provider, alder_trainee


@pytest.mark.parametrize("slug", list(FIELDS))
def test_record_forms_survive_any_input(acting, slug):
    client, provider, trainee = acting

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        fields = form_data(data.draw, FIELDS[slug], provider.pk)
        response = post(client, f"/trainees/{trainee.public_id}/{slug}/", fields)
        assert response.status_code in OK, (slug, fields, response.status_code)

    run()


@pytest.mark.parametrize("action", list(ACTION_FIELDS))
def test_state_forms_survive_any_input(acting, action):
    client, provider, _ = acting

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        trainee = registered(TraineeFactory(provider=provider))
        fields = form_data(data.draw, ACTION_FIELDS[action], provider.pk)
        response = post(client, f"/trainees/{trainee.public_id}/{action}/", fields)
        assert response.status_code in OK, (action, fields, response.status_code)

    run()


def test_adding_a_trainee_and_choosing_a_provider_survive_any_input(acting):
    client, provider, _ = acting

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        for url, fields in (
            ("/trainees/new/route/", ["training_route", "provider"]),
            ("/trainees/new/", ["provider"]),
            ("/providers/choose/", ["provider", "next"]),
        ):
            response = post(client, url, form_data(data.draw, fields, provider.pk))
            assert response.status_code in OK, (url, response.status_code)

    run()


def test_sign_in_forms_survive_any_input(db, settings):
    settings.DEMO_MODE = True

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        client = Client()
        for url, fields in (
            ("/accounts/login/", ["login", "password"]),
            ("/accounts/password/reset/", ["email"]),
            ("/accounts/personas/", ["email"]),
        ):
            response = post(client, url, form_data(data.draw, fields))
            assert response.status_code in OK | {429}, (url, response.status_code)

    run()


def test_scenario_form_survives_any_input(client, settings):
    settings.DEMO_MODE = True
    client.force_login(member_of(is_staff=True))

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        fields = form_data(data.draw, ["provider_model", "providers", "preset"])
        response = post(client, "/support/scenario/", fields)
        assert response.status_code in OK, (fields, response.status_code)

    run()


def test_list_query_strings_never_break_or_widen(client, settings):
    settings.PROVIDER_MODEL = "blended"
    mine = [TraineeFactory(), TraineeFactory()]
    TraineeFactory.create_batch(3)  # other providers' records
    client.force_login(member_of(*(t.provider for t in mine)))
    params = [
        "q",
        "status",
        "route",
        "subject",
        "start_year",
        "study_mode",
        "provider",
        "sort",
        "page",
        "unknown",
    ]

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        query = urlencode(form_data(data.draw, params), doseq=True)
        response = client.get(f"/trainees/?{query}")
        assert response.status_code == 200, query
        shown = int(
            re.search(r'role="status">([\d,]+) records?<', response.content.decode())
            .group(1)
            .replace(",", "")
        )
        assert shown <= 2
        export = client.get(f"/trainees/export/?{query}")
        assert export.status_code == 200
        assert b"".join(export.streaming_content).count(b"\n") <= 3

    run()


def test_saved_html_is_shown_back_inert(acting):
    client, provider, trainee = acting
    script = "<script>alert('xss')</script>"
    response = post(
        client,
        f"/trainees/{trainee.public_id}/schools/",
        {
            "form_provider": provider.pk,
            "version": Trainee.objects.get(pk=trainee.pk).version,
            "lead_partner_school": script,
            "employing_school": "Elm",
            "completion": "yes",
        },
    )
    assert response.status_code == 302
    for url in (f"/trainees/{trainee.public_id}/check/", f"/trainees/{trainee.public_id}/schools/"):
        html = client.get(url).content.decode()
        assert script not in html
        # Jinja2 (markupsafe) writes the quote as &#39;, Django templates wrote &#x27;.
        assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html


# Every form with a date: where it is, its date fields, and answers that make the rest valid.
DATE_FORMS = {
    "personal-details": (["date_of_birth"], {"completion": "no"}),
    "course-details": (["itt_start_date", "itt_end_date"], {"completion": "no"}),
    "defer": (["deferred_on"], {}),
    "withdraw": (["withdrawn_on"], {"reason": "personal"}),
    "recommend": (["recommended_on"], {}),
}
STATE_FORMS = {"defer", "withdraw", "recommend"}
DATE_ERROR = re.compile(
    r"must be a real date|must include a (day|month|year)|Year must include 4 numbers"
    r"|must be (today or in the past|on or after|after|the same as or)"
)


@st.composite
def hostile_date(draw):
    """A real date with one, two or all of its parts replaced by numbers of any size."""
    real = draw(st.dates(min_value=datetime.date(2000, 1, 1)))
    parts = {"day": str(real.day), "month": str(real.month), "year": str(real.year)}
    for part in draw(st.sets(st.sampled_from(list(parts)), min_size=1)):
        parts[part] = draw(st.one_of(huge_number, long_digits))
    return parts


@pytest.mark.parametrize("slug", list(DATE_FORMS))
def test_numbers_of_any_size_in_any_date_part_are_form_errors(acting, slug):
    client, provider, trainee = acting
    date_fields, answers = DATE_FORMS[slug]

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        record = registered(TraineeFactory(provider=provider)) if slug in STATE_FORMS else trainee
        fields = {
            **answers,
            "form_provider": provider.pk,
            "version": Trainee.objects.get(pk=record.pk).version,
        }
        for name in date_fields:
            for part, typed in data.draw(hostile_date()).items():
                fields[f"{name}_{part}"] = typed
        response = post(client, f"/trainees/{record.public_id}/{slug}/", fields)
        assert response.status_code in (200, 302), (slug, fields, response.status_code)
        if response.status_code == 200:
            html = response.content.decode()
            assert "govuk-error-summary" in html, (slug, fields)
            assert DATE_ERROR.search(html), (slug, fields)

    run()


def test_huge_numbers_in_the_graduation_year_and_version_are_form_errors(acting):
    client, provider, trainee = acting
    here = {"form_provider": provider.pk}
    degree = {
        "uk_degree": "yes",
        "subject": "History",
        "institution": "University of York",
        "grade": "first",
        **here,
    }

    @HYPOTHESIS
    @given(year=st.one_of(huge_number, long_digits), version=st.one_of(huge_number, long_digits))
    def run(year, version):
        current = Trainee.objects.get(pk=trainee.pk).version
        response = post(
            client,
            f"/trainees/{trainee.public_id}/degrees/new/",
            {**degree, "graduation_year": year, "version": current},
        )
        assert response.status_code == 200, (year, response.status_code)
        assert "Graduation year must be" in response.content.decode(), year
        for url, answers in (
            ("degrees/new/", {**degree, "graduation_year": "2019"}),
            ("contact-details/", {"email": "a@example.com", "completion": "no", **here}),
        ):
            response = post(
                client, f"/trainees/{trainee.public_id}/{url}", {**answers, "version": version}
            )
            assert response.status_code in (200, 409), (url, version, response.status_code)
            if response.status_code == 200:
                assert "This page is out of date" in response.content.decode(), (url, version)

    run()
