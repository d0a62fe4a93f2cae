import csv
import datetime
import io

import pytest
from django.db import connection

from tests.factories import TraineeFactory, registered
from trainees.export import postgresql_csv_rows, python_csv_rows
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def export(client, query=""):
    response = client.get(f"/trainees/export/?{query}")
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(body)))


def test_export_is_exactly_the_filtered_list_with_provider_on_every_row(
    blended_client, alder, birch
):
    TraineeFactory.create_batch(3, provider=alder, course_subject="music")
    TraineeFactory.create_batch(2, provider=birch, course_subject="music")
    TraineeFactory.create_batch(4, provider=birch, course_subject="physics")
    response, rows = export(blended_client, "subject=music&page=2")
    header, data = rows[0], rows[1:]
    assert header[:4] == ["Provider", "Provider code", "Trainee ID", "TRN"]
    assert len(data) == 5
    assert {(row[0], row[1]) for row in data} == {
        ("Alder SCITT", "1AL"),
        ("Birch University", "2BI"),
    }
    assert all(row[10] == "Music" for row in data)
    today = datetime.date.today()
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="trainees-2-providers-{today:%Y-%m-%d}.csv"'
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize(
    ("model", "query", "name"),
    [
        ("hat", "", "alder-scitt-1AL-trainees"),
        ("blended", "", "trainees-2-providers"),
        ("blended", "provider={alder}", "alder-scitt-1AL-trainees"),
        ("blended", "provider={alder}&provider={birch}", "trainees-2-providers"),
    ],
)
def test_the_file_name_names_the_scope(
    client, multi_user, alder, birch, settings, model, query, name
):
    from tests.conftest import wear

    settings.PROVIDER_MODEL = model
    client.force_login(multi_user)
    if model == "hat":
        wear(client, alder)
    response, _ = export(client, query.format(alder=alder.pk, birch=birch.pk))
    today = datetime.date.today()
    assert response["Content-Disposition"] == f'attachment; filename="{name}-{today:%Y-%m-%d}.csv"'


def test_a_single_provider_user_gets_their_provider_in_the_file_name(client, alder, settings):
    from tests.factories import member_of

    settings.PROVIDER_MODEL = "blended"
    client.force_login(member_of(alder))
    response, _ = export(client)
    assert "alder-scitt-1AL-trainees-" in response["Content-Disposition"]


def test_export_covers_every_page(hat_client, alder):
    TraineeFactory.create_batch(130, provider=alder)
    _, rows = export(hat_client)
    assert len(rows) == 131


# Cell starts a spreadsheet runs as a formula: ASCII, full-width (U+FF1D, U+FF0B, U+FF0D,
# U+FF20, which some spreadsheets read as their ASCII forms), tab, carriage return, new line.
FORMULA_STARTS = [
    '=HYPERLINK("http://evil")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    '\uff1dHYPERLINK("http://evil")',
    "\uff0b1+1",
    "\uff0d2+3",
    "\uff20SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the COPY path needs PostgreSQL (set DATABASE_URL to a PostgreSQL database)",
)


@pytest.mark.parametrize("dangerous", FORMULA_STARTS)
def test_export_is_safe_against_formula_injection(hat_client, alder, dangerous):
    TraineeFactory(provider=alder, first_names=dangerous, trainee_id="SAFE-1")
    _, rows = export(hat_client)
    cell = rows[1][4]
    assert cell == "'" + dangerous


@pytest.mark.parametrize(
    "rows_of",
    [
        pytest.param(python_csv_rows, id="python-csv"),
        pytest.param(postgresql_csv_rows, id="postgresql-copy", marks=postgresql_only),
    ],
)
@pytest.mark.parametrize("dangerous", FORMULA_STARTS)
def test_both_export_paths_guard_every_formula_start(alder, rows_of, dangerous):
    trainee_id = dangerous[:20]  # the longest a trainee ID can be
    TraineeFactory(provider=alder, first_names=dangerous, trainee_id=trainee_id, email=dangerous)
    TraineeFactory(provider=alder, first_names="Ada", trainee_id="A-1", email="ada@example.com")
    queryset = Trainee.objects.order_by("last_name", "id")
    body = "".join(rows_of(queryset, {alder.pk: alder}))
    cells = {(row[2], row[4], row[8]) for row in csv.reader(io.StringIO(body, newline=""))}
    assert cells == {
        ("'" + trainee_id, "'" + dangerous, "'" + dangerous),
        ("A-1", "Ada", "ada@example.com"),
    }


def test_export_shows_state_labels_and_trns(hat_client, alder):
    trainee = registered(
        TraineeFactory(provider=alder, training_route="early_years_graduate_entry"), state="awarded"
    )
    _, rows = export(hat_client)
    assert rows[1][3] == trainee.trn
    assert rows[1][14] == "EYTS awarded"


def test_export_query_count_does_not_grow_with_rows(
    hat_client, alder, django_assert_max_num_queries
):
    TraineeFactory.create_batch(250, provider=alder)
    with django_assert_max_num_queries(6):
        _, rows = export(hat_client)
    assert len(rows) == 251
