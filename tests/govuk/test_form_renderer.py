"""The project's form renderer draws Django forms as GOV.UK components."""

import datetime
import re

import pytest
from django import forms
from django.template import engines

from govuk.forms import GovukDateField, error_summary_items
from tests.factories import TraineeFactory


class ExampleForm(forms.Form):
    page_heading_field = "colour"

    colour = forms.ChoiceField(
        label="What is your favourite colour?",
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
        help_text="Choose one.",
        error_messages={"required": "Select a colour"},
    )
    name = forms.CharField(label="Full name", max_length=20, help_text="As on your passport")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    sort = forms.ChoiceField(label="Sort by", choices=[("a", "A"), ("b", "B")])
    born = GovukDateField(
        label="Date of birth",
        error_name="date of birth",
        help_text="For example, 27 3 2007",
        max_date=datetime.date(2010, 1, 1),
    )
    tags = forms.MultipleChoiceField(
        label="Tags",
        choices=[("x", "X"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colour"].choice_hints = {"red": "Like a post box"}


def render(form):
    return str(form)


def error_summary(form):
    """The error summary as a page draws it."""
    return engines["jinja2"].from_string("{{ error_summary(form) }}").render({"form": form})


def test_unbound_form_renders_labels_hints_and_inputs():
    html = render(ExampleForm())
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">' in html
    assert '<h1 class="govuk-fieldset__heading">What is your favourite colour?</h1>' in html
    assert '<div id="id_colour-hint" class="govuk-hint">Choose one.</div>' in html
    assert 'aria-describedby="id_colour-hint"' in html
    assert (
        '<div id="id_colour_0-item-hint" class="govuk-hint govuk-radios__hint">Like a post box</div>'
        in html
    )
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert re.search(
        r'<input type="text" name="name" maxlength="20" class="govuk-input" aria-describedby="id_name-hint"',
        html,
    )
    assert '<textarea name="notes" cols="40" rows="10" class="govuk-textarea"' in html
    assert '<select name="sort" class="govuk-select"' in html
    assert 'class="govuk-date-input" id="id_born"' in html
    assert 'name="born_day"' in html and 'name="born_month"' in html and 'name="born_year"' in html
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert '<input type="hidden" name="secret"' in html
    assert "govuk-form-group--error" not in html


def test_invalid_form_marks_each_field_and_keeps_what_was_typed():
    form = ExampleForm(
        data={"name": "x" * 21, "born_day": "31", "born_month": "2", "born_year": "2001"}
    )
    assert not form.is_valid()
    html = render(form)
    assert html.count("govuk-form-group--error") == 4  # colour, name, sort, born
    assert (
        '<p id="id_colour-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Select a colour</p>'
        in html
    )
    assert 'aria-describedby="id_colour-hint id_colour-error"' in html
    assert "govuk-input--error" in html
    assert 'value="31"' in html and 'value="2001"' in html
    assert "Date of birth must be a real date" in html

    items = error_summary_items(form)
    assert {"text": "Select a colour", "href": "#id_colour_0"} in items
    assert {"text": "Date of birth must be a real date", "href": "#id_born_0"} in items
    assert any(item["href"] == "#id_name" for item in items)


def test_error_summary_tag_renders_links():
    form = ExampleForm(data={})
    form.is_valid()
    html = error_summary(form)
    assert '<h2 class="govuk-error-summary__title">\n      There is a problem\n    </h2>' in html
    assert '<a href="#id_colour_0">Select a colour</a>' in html
    assert '<a href="#id_born_0">Enter date of birth</a>' in html


def test_no_error_summary_without_errors():
    html = error_summary(ExampleForm())
    assert html.strip() == ""


def date_form(day, month, year):
    """The example form, right but for the date typed."""
    return ExampleForm(
        data={
            "colour": "red",
            "name": "A",
            "sort": "a",
            "born_day": day,
            "born_month": month,
            "born_year": year,
        }
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter date of birth"),
        ("1", "", "2000", "Date of birth must include a month"),
        ("", "", "2000", "Date of birth must include a day and month"),
        ("31", "2", "2001", "Date of birth must be a real date"),
        ("1", "1", "0", "Year must include 4 numbers"),
        ("1", "1", "99999", "Year must include 4 numbers"),
        ("a", "1", "2000", "Date of birth must be a real date"),
        ("-1", "1", "2000", "Date of birth must be a real date"),
        ("1", "13", "2000", "Date of birth must be a real date"),
        ("1", "1", "2011", "Date of birth must be the same as or before 1 January 2010"),
        # Parts too big for the C integers behind datetime.date (2**31 and more).
        ("2147483648", "1", "2000", "Date of birth must be a real date"),
        ("1", "9223372036854775808", "2000", "Date of birth must be a real date"),
        ("9" * 40, "9" * 40, "2000", "Date of birth must be a real date"),
        ("1", "1", "9" * 5000, "Year must include 4 numbers"),
    ],
)
def test_date_field_uses_govuk_messages(day, month, year, message):
    form = date_form(day, month, year)
    assert not form.is_valid()
    assert form.errors["born"] == [message]


def date_inputs_in_error(html):
    """The ids of the date input's boxes that are styled as wrong, in page order."""
    return [
        match.group("id")
        for match in re.finditer(
            r'<input class="(?P<classes>[^"]*govuk-date-input__input[^"]*)" id="(?P<id>[^"]+)"',
            html,
        )
        if "govuk-input--error" in match.group("classes").split()
    ]


WHOLE_DATE = ["id_born_0", "id_born_1", "id_born_2"]


@pytest.mark.parametrize(
    ("day", "month", "year", "wrong_boxes"),
    [
        ("1", "", "2000", ["id_born_1"]),  # month missing: only Month
        ("", "4", "2000", ["id_born_0"]),
        ("1", "4", "", ["id_born_2"]),
        ("", "", "2000", ["id_born_0", "id_born_1"]),
        ("", "4", "", ["id_born_0", "id_born_2"]),
        ("1", "1", "99", ["id_born_2"]),  # Year must include 4 numbers
        ("", "", "", WHOLE_DATE),  # nothing entered
        ("31", "2", "2001", WHOLE_DATE),  # not a real date
        ("1", "13", "2001", WHOLE_DATE),
        ("a", "1", "2001", WHOLE_DATE),
        ("2147483648", "1", "2000", WHOLE_DATE),
        ("1", "1", "2011", WHOLE_DATE),  # out of range
    ],
)
def test_date_errors_style_only_the_wrong_boxes_and_the_summary_links_the_first(
    day, month, year, wrong_boxes
):
    form = date_form(day, month, year)
    assert not form.is_valid()
    html = render(form)
    assert date_inputs_in_error(html) == wrong_boxes
    (message,) = form.errors["born"]
    assert {"text": message, "href": f"#{wrong_boxes[0]}"} in error_summary_items(form)
    summary = error_summary(form)
    assert f'<a href="#{wrong_boxes[0]}">{message}</a>' in summary


def test_a_date_error_added_by_the_form_styles_the_whole_date():
    form = date_form("1", "1", "2000")
    assert form.is_valid()
    form.add_error("born", "Date of birth must be after the start date")
    assert date_inputs_in_error(render(form)) == WHOLE_DATE
    assert {
        "text": "Date of birth must be after the start date",
        "href": "#id_born_0",
    } in error_summary_items(form)


@pytest.mark.django_db
def test_a_page_with_a_missing_month_styles_and_links_only_the_month_box(hat_client, alder):
    trainee = TraineeFactory(provider=alder)
    response = hat_client.post(
        f"/trainees/{trainee.public_id}/personal-details/",
        {
            "form_provider": alder.pk,
            "version": trainee.version,
            "completion": "no",
            "date_of_birth_day": "27",
            "date_of_birth_month": "",
            "date_of_birth_year": "2001",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_date_of_birth_1">Date of birth must include a month</a>' in html
    assert date_inputs_in_error(html) == ["id_date_of_birth_1"]
    assert (
        'id="id_date_of_birth_0" name="date_of_birth_day" type="text" inputmode="numeric" value="27"'
        in html
    )


def test_date_field_accepts_a_real_date():
    form = date_form(" 7 ", "03", "2001")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == datetime.date(2001, 3, 7)


def test_date_field_shows_an_initial_date():
    html = render(ExampleForm(initial={"born": datetime.date(1999, 12, 5)}))
    assert 'name="born_day" type="text" inputmode="numeric" value="5"' in html
    assert 'name="born_year" type="text" inputmode="numeric" value="1999"' in html


def test_admin_forms_are_not_drawn_as_govuk(admin_client):
    html = admin_client.get("/admin/accounts/user/add/").content.decode()
    assert "govuk-form-group" not in html
