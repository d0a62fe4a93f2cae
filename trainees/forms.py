"""Forms for adding a trainee, each section of the record, and each change of state."""

import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from govuk.forms import GovukDateField, Reveal, RevealingForm
from providers.forms import ProviderChoiceForm
from providers.models import Partnership, Provider
from trainees.constants import (
    DISABILITIES,
    FUNDING_BY_ROUTE,
    NATIONALITIES,
    SALARIED_ROUTES,
    AgeRange,
    DegreeGrade,
    DisabilityDisclosure,
    EducationPhase,
    EthnicGroup,
    FundingType,
    Sex,
    StudyMode,
    Subject,
    TrainingRoute,
    WithdrawalReason,
)

YES, NO = "yes", "no"
COMPLETION_CHOICES = (
    (YES, "Yes, I have completed this section"),
    (NO, "No, I will come back to it later"),
)


def years_ago(years: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def radios(label, choices, **kwargs):
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, required=False, **kwargs
    )


def text_field(label, max_length, *, subject=None, required=False, error_messages=(), **kwargs):
    """A text answer, with the GOV.UK message for one that is too long.

    The message names the answer by ``subject``: the label without " (optional)" unless
    given.
    """
    subject = subject or label.removesuffix(" (optional)")
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "max_length": f"{subject} must be {max_length} characters or fewer",
            **dict(error_messages),
        },
        **kwargs,
    )


class TraineeProviderForm(ProviderChoiceForm):
    """Which provider a new trainee is for, from the user's own providers."""

    question = "Which provider is this trainee for?"
    required_message = "Select which provider this trainee is for"


class TrainingRouteForm(forms.Form):
    page_heading_field = "training_route"
    training_route = forms.ChoiceField(
        label="Which training route is the trainee on?",
        choices=TrainingRoute.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a training route"},
    )


OUT_OF_DATE = "This page is out of date. Go back to the record and try again"


def version_field():
    """The version of the record the form was drawn from (optimistic locking)."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2_000_000_000,
        error_messages={
            "required": OUT_OF_DATE,
            "invalid": OUT_OF_DATE,
            "min_value": OUT_OF_DATE,
            "max_value": OUT_OF_DATE,
        },
    )


class RecordForm(forms.Form):
    """A form about an existing record.

    It carries the version of the record it was drawn from, and a POST without one is
    refused, so that no change silently overwrites one made since (trainees.services).
    """

    version = version_field()

    def __init__(self, *args, trainee, **kwargs):
        self.trainee = trainee
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = trainee.version

    @property
    def drawn_version(self) -> int:
        return self.cleaned_data["version"]


class ConfirmForm(RecordForm):
    """A confirmation with no questions: the button is the answer."""


class ChangeRouteForm(TrainingRouteForm, RecordForm):
    pass


class MoveDraftForm(TraineeProviderForm, RecordForm):
    """Which of the user's providers a draft is for; a second step confirms the move."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MoveRecordForm(RecordForm):
    """Support staff move a registered record to another accredited provider, saying why."""

    provider = forms.ModelChoiceField(
        label="Which accredited provider does this record belong to?",
        queryset=Provider.objects.none(),
        empty_label="Select a provider",
        error_messages={
            "required": "Select the provider the record belongs to",
            "invalid_choice": "Select one of the accredited providers",
        },
    )
    reason = text_field(
        "Why are you moving it?",
        500,
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The record's timeline shows this to its providers",
        error_messages={"required": "Enter why you are moving the record"},
    )
    page_heading_field = "provider"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(
            kind=Provider.Kind.ACCREDITED
        ).exclude(pk=self.trainee.provider_id)


class ReturnToPartnerForm(RecordForm):
    """The provider gives a training partner's draft back, saying what to change."""

    comment = text_field(
        "What does the training partner need to change?",
        1000,
        required=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="They see this on the draft. Do not include personal details of others",
        error_messages={"required": "Enter what the training partner needs to change"},
    )
    page_heading_field = "comment"


class SectionForm(RecordForm):
    """A section of the record. While a draft, it may be saved unfinished ("In progress").

    Fields are optional in themselves; ``required_when_complete`` names the answers needed
    to mark the section complete (and always needed once the record is registered).
    """

    required_when_complete: dict[str, str] = {}

    completion = forms.ChoiceField(
        label="Have you completed this section?",
        choices=COMPLETION_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        trainee = self.trainee
        if trainee.is_draft:
            self.fields["completion"].error_messages["required"] = (
                "Select whether you have completed this section"
            )
            self.fields["completion"].required = True
            self.fields["completion"].initial = YES if self.section_completed() else None
            # Put the question last, as on every GOV.UK task list section.
            self.order_fields(
                [name for name in self.fields if name != "completion"] + ["completion"]
            )
        else:
            del self.fields["completion"]

    def section_completed(self) -> bool:
        return False

    @property
    def marks_complete(self) -> bool:
        return not self.trainee.is_draft or self.cleaned_data.get("completion") == YES

    def clean(self):
        cleaned = super().clean()
        if self.marks_complete:
            for name, message in self.required_when_complete.items():
                if name in self.errors:
                    continue
                if cleaned.get(name) in (None, "", []):
                    self.add_error(name, message)
        return cleaned

    def section_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("completion", "version")
        }


NAME_VALIDATOR = RegexValidator(
    r"^[^\d<>{}\[\]@#$%^*=_|\\/~`\"]*$",
    "Names can only include letters, spaces, hyphens and apostrophes",
)


class PersonalDetailsForm(SectionForm):
    first_names = text_field("First names", 100, validators=[NAME_VALIDATOR])
    middle_names = text_field("Middle names (optional)", 100, validators=[NAME_VALIDATOR])
    last_name = text_field("Last name", 100, validators=[NAME_VALIDATOR])
    date_of_birth = GovukDateField(
        label="Date of birth",
        error_name="date of birth",
        help_text="For example, 27 3 2001",
        required=False,
    )
    sex = radios("Sex", Sex.choices)
    nationality = forms.ChoiceField(
        label="Nationality",
        required=False,
        choices=[("", "Select a nationality")] + [(n, n) for n in NATIONALITIES],
    )
    required_when_complete = {
        "first_names": "Enter first names",
        "last_name": "Enter last name",
        "date_of_birth": "Enter date of birth",
        "sex": "Select sex",
        "nationality": "Select a nationality",
    }
    label_sizes = {"date_of_birth": "s", "sex": "s", "completion": "m"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["date_of_birth"]
        field.min_date = years_ago(100)
        field.max_date = years_ago(16)
        field.min_message = "Date of birth must be less than 100 years ago"
        field.max_message = "The trainee must be at least 16 years old"

    def section_completed(self):
        return self.trainee.personal_details_completed


class ContactDetailsForm(SectionForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    required_when_complete = {"email": "Enter an email address"}
    label_sizes = {"completion": "m"}

    def section_completed(self):
        return self.trainee.contact_details_completed


class DiversityForm(RevealingForm, SectionForm):
    diversity_disclosed = radios(
        "Has the trainee shared diversity information?",
        ((YES, "Yes"), (NO, "No, they have not shared it")),
    )
    ethnic_group = radios("Ethnic group", EthnicGroup.choices)
    ethnic_background = text_field(
        "Ethnic background (optional)", 100, help_text="For example, Indian, Caribbean or Irish"
    )
    disability_disclosure = radios("Disability", DisabilityDisclosure.choices)
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=DISABILITIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Select disabilities from the list"},
    )
    required_when_complete = {
        "diversity_disclosed": "Select whether the trainee has shared diversity information",
    }
    reveals = {
        "diversity_disclosed": Reveal(
            YES,
            ("ethnic_group", "ethnic_background", "disability_disclosure", "disabilities"),
            conflict_message=(
                "You selected that the trainee has not shared diversity information, but also "
                "answered questions about ethnicity or disability. Select yes to keep those "
                "answers, or tick the box to remove them"
            ),
            discard_label="Remove the answers about ethnicity and disability",
            missing_message="Select whether the trainee has shared diversity information",
        )
    }
    label_sizes = {
        "diversity_disclosed": "s",
        "ethnic_group": "s",
        "disability_disclosure": "s",
        "disabilities": "s",
        "completion": "m",
    }

    def __init__(self, *args, **kwargs):
        trainee = kwargs["trainee"]
        initial = kwargs.setdefault("initial", {})
        if trainee.diversity_disclosed is not None:
            initial["diversity_disclosed"] = YES if trainee.diversity_disclosed else NO
        super().__init__(*args, **kwargs)

    def section_completed(self):
        return self.trainee.diversity_completed

    def clean(self):
        cleaned = super().clean()
        if "diversity_disclosed" in self.errors:
            return cleaned
        if cleaned.get("diversity_disclosed") == YES and self.marks_complete:
            if not cleaned.get("ethnic_group") and "ethnic_group" not in self.errors:
                self.add_error("ethnic_group", "Select an ethnic group")
            if (
                not cleaned.get("disability_disclosure")
                and "disability_disclosure" not in self.errors
            ):
                self.add_error(
                    "disability_disclosure", "Select whether the trainee has a disability"
                )
        has_disability = cleaned.get("disability_disclosure") == DisabilityDisclosure.YES
        if "disabilities" in self.errors:
            return cleaned
        if has_disability and not cleaned.get("disabilities"):
            self.add_error("disabilities", "Select at least one disability")
        elif not has_disability and cleaned.get("disabilities"):
            self.add_error(
                "disabilities",
                "You selected disabilities, but not that the trainee has one or more "
                "disabilities. Select that they have, or untick the disabilities",
            )
        return cleaned

    def section_data(self):
        data = super().section_data()
        data["diversity_disclosed"] = {YES: True, NO: False}.get(data["diversity_disclosed"])
        return data


class CourseDetailsForm(SectionForm):
    course_subject = forms.ChoiceField(
        label="Subject",
        required=False,
        choices=[("", "Select a subject")] + list(Subject.choices),
    )
    course_subject_two = forms.ChoiceField(
        label="Second subject (optional)",
        required=False,
        choices=[("", "No second subject")] + list(Subject.choices),
    )
    age_range = radios("Age range", AgeRange.choices)
    education_phase = radios("Education phase", EducationPhase.choices)
    study_mode = radios("Full time or part time", StudyMode.choices)
    itt_start_date = GovukDateField(
        label="ITT start date",
        error_name="ITT start date",
        help_text="For example, 1 9 2026",
        required=False,
    )
    itt_end_date = GovukDateField(
        label="ITT end date",
        error_name="ITT end date",
        help_text="For example, 31 7 2027",
        required=False,
    )
    required_when_complete = {
        "course_subject": "Select a subject",
        "age_range": "Select an age range",
        "education_phase": "Select an education phase",
        "study_mode": "Select full time or part time",
        "itt_start_date": "Enter ITT start date",
        "itt_end_date": "Enter ITT end date",
    }
    label_sizes = {
        "age_range": "s",
        "education_phase": "s",
        "study_mode": "s",
        "itt_start_date": "s",
        "itt_end_date": "s",
        "completion": "m",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["itt_start_date"].min_date = datetime.date(2015, 1, 1)
        self.fields["itt_start_date"].max_date = today.replace(
            year=today.year + 2, month=12, day=31
        )
        self.fields["itt_end_date"].min_date = datetime.date(2015, 1, 1)
        self.fields["itt_end_date"].max_date = datetime.date(today.year + 7, 12, 31)

    def section_completed(self):
        return self.trainee.course_details_completed

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("itt_start_date"), cleaned.get("itt_end_date")
        if start and end and end <= start and "itt_end_date" not in self.errors:
            self.add_error("itt_end_date", "ITT end date must be after the ITT start date")
        subject, second = cleaned.get("course_subject"), cleaned.get("course_subject_two")
        if subject and second == subject:
            self.add_error("course_subject_two", "Second subject must be different from the first")
        return cleaned


# What a trainee ID may hold, said once for the hint and the error alike.
TRAINEE_ID_CHARACTERS = "letters, numbers, spaces, hyphens (-) and slashes (/)"


class TraineeIdForm(SectionForm):
    page_heading_field = "trainee_id"
    trainee_id = text_field(
        "Trainee ID",
        20,
        help_text=(
            "Your own reference for the trainee: up to 20 characters, starting with a letter "
            f"or number. It can include {TRAINEE_ID_CHARACTERS}"
        ),
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9 /-]*$",
                "Trainee ID must start with a letter or number, and can only include "
                + TRAINEE_ID_CHARACTERS,
            )
        ],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    required_when_complete = {"trainee_id": "Enter a trainee ID"}
    label_sizes = {"completion": "m"}

    def section_completed(self):
        return self.trainee.trainee_id_completed


OTHER_SCHOOL = "other"


class SchoolsForm(RevealingForm, SectionForm):
    """The training partner, one of the provider's (else a school named as text), and the
    employing school on salaried routes."""

    training_partner = radios("Training partner", ())
    lead_partner_school = text_field(
        "Name of the lead school",
        150,
        help_text="The school that leads the trainee's training with you",
    )
    employing_school = text_field("Employing school", 150)
    label_sizes = {"training_partner": "s", "completion": "m"}

    def __init__(self, *args, **kwargs):
        trainee = kwargs["trainee"]
        initial = kwargs.setdefault("initial", {})
        if trainee.training_partner_id:
            initial["training_partner"] = str(trainee.training_partner_id)
        elif trainee.lead_partner_school:
            initial["training_partner"] = OTHER_SCHOOL
        super().__init__(*args, **kwargs)
        self.partners = {
            str(partnership.training_partner_id): partnership.training_partner
            for partnership in Partnership.objects.filter(
                accredited_provider_id=trainee.provider_id
            ).select_related("training_partner")
        }
        self.required_when_complete = {}
        if self.partners:
            provider = trainee.provider.name
            self.fields["training_partner"].choices = [
                *[(pk, partner.name) for pk, partner in self.partners.items()],
                (OTHER_SCHOOL, f"Another school, not one of {provider}'s training partners"),
            ]
            self.required_when_complete["training_partner"] = "Select the training partner"
            self.reveals = {
                "training_partner": Reveal(
                    OTHER_SCHOOL,
                    ("lead_partner_school",),
                    conflict_message=(
                        "You chose a training partner and also named another school. "
                        "Select another school to keep the name, or tick the box to remove it"
                    ),
                    discard_label="Remove the school's name",
                )
            }
        else:
            del self.fields["training_partner"]
            self.fields["lead_partner_school"].label = "Lead partner school"
            self.required_when_complete["lead_partner_school"] = "Enter the lead partner school"
        if trainee.training_route in SALARIED_ROUTES:
            self.required_when_complete["employing_school"] = "Enter the employing school"
        else:
            del self.fields["employing_school"]

    def section_completed(self):
        return self.trainee.schools_completed

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("training_partner") == OTHER_SCHOOL
        if (
            other
            and not cleaned.get("lead_partner_school")
            and not self.has_error("training_partner")
        ):
            self.add_error("lead_partner_school", "Enter the name of the lead school")
        return cleaned

    def section_data(self):
        data = super().section_data()
        chosen = data.pop("training_partner", None)
        data["training_partner"] = self.partners.get(chosen)
        if data["training_partner"] is not None:
            data["lead_partner_school"] = ""
        return data


class FundingForm(SectionForm):
    page_heading_field = "funding_type"
    funding_type = radios("What funding does the trainee get?", ())
    required_when_complete = {"funding_type": "Select the trainee's funding"}
    label_sizes = {"completion": "m"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = FUNDING_BY_ROUTE.get(self.trainee.training_route, ())
        self.fields["funding_type"].choices = [
            (option.value, option.label) for option in (*options, FundingType.NONE)
        ]

    def section_completed(self):
        return self.trainee.funding_completed


class DegreeForm(RevealingForm, RecordForm):
    uk_degree = forms.ChoiceField(
        label="Is it a UK degree?",
        choices=((YES, "UK degree"), (NO, "Non-UK degree")),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is a UK degree"},
    )
    country = text_field("Country", 100)
    subject = text_field(
        "Degree subject",
        100,
        required=True,
        error_messages={"required": "Enter the degree subject"},
    )
    institution = text_field(
        "Awarding institution",
        150,
        required=True,
        error_messages={"required": "Enter the awarding institution"},
    )
    grade = forms.ChoiceField(
        label="Grade",
        choices=DegreeGrade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the degree grade"},
    )
    graduation_year = forms.CharField(
        label="Graduation year",
        help_text="For example, 2019",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the graduation year"},
    )
    label_sizes = {"uk_degree": "s", "grade": "s"}
    reveals = {
        "uk_degree": Reveal(
            NO,
            ("country",),
            conflict_message=(
                "You entered a country, but selected UK degree. Select non-UK degree to keep "
                "the country, or tick the box to remove it"
            ),
            discard_label="Remove the country",
        )
    }

    def __init__(self, *args, degree=None, **kwargs):
        if degree is not None:
            kwargs.setdefault(
                "initial",
                {
                    "uk_degree": YES if degree.uk_degree else NO,
                    "country": degree.country,
                    "subject": degree.subject,
                    "institution": degree.institution,
                    "grade": degree.grade,
                    "graduation_year": degree.graduation_year,
                },
            )
        super().__init__(*args, **kwargs)

    def clean_graduation_year(self):
        value = self.cleaned_data["graduation_year"].strip()
        this_year = timezone.localdate().year
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise forms.ValidationError("Graduation year must be a 4-digit year, like 2019")
        year = int(value)
        if year < 1950 or year > this_year + 1:
            raise forms.ValidationError(f"Graduation year must be between 1950 and {this_year + 1}")
        return year

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("uk_degree") == NO
            and not cleaned.get("country")
            and "country" not in self.errors
        ):
            self.add_error("country", "Enter the country of the degree")
        return cleaned

    def degree_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["uk_degree"] = data["uk_degree"] == YES
        return data


class DegreesCompletionForm(RecordForm):
    completion = forms.ChoiceField(
        label="Have you completed this section?",
        choices=COMPLETION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you have completed this section"},
    )
    label_sizes = {"completion": "m"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completion"].initial = YES if self.trainee.degrees_completed else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("completion") == YES and not self.trainee.degrees.exists():
            self.add_error("completion", "Add at least one degree before completing this section")
        return cleaned


class TrainingEventForm(RecordForm):
    """A form whose date (``date_field``) falls between the ITT start date and today."""

    date_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        trainee = self.trainee
        field = self.fields[self.date_field]
        field.max_date = timezone.localdate()
        field.max_message = f"{field.subject} must be today or in the past"
        if trainee.itt_start_date:
            field.min_date = trainee.itt_start_date
            field.min_message = f"{field.subject} must be on or after the ITT start date"


class DeferForm(TrainingEventForm):
    date_field = "deferred_on"
    page_heading_field = "deferred_on"
    page_heading_size = "l"
    deferred_on = GovukDateField(
        label="When did the trainee defer?",
        error_name="date of deferral",
        help_text="For example, 15 1 2027",
    )


class WithdrawForm(RevealingForm, TrainingEventForm):
    date_field = "withdrawn_on"
    withdrawn_on = GovukDateField(
        label="Date the trainee withdrew",
        error_name="date of withdrawal",
        help_text="For example, 15 1 2027",
    )
    reason = forms.ChoiceField(
        label="Why did the trainee withdraw?",
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the trainee withdrew"},
    )
    details = text_field(
        "Why did they withdraw?",
        500,
        subject="Details of why the trainee withdrew",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    label_sizes = {"withdrawn_on": "m", "reason": "m"}
    reveals = {
        "reason": Reveal(
            WithdrawalReason.OTHER,
            ("details",),
            conflict_message=(
                "You gave details of another reason, but did not select another reason. "
                "Select another reason to keep the details, or tick the box to remove them"
            ),
            discard_label="Remove the details",
        )
    }

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("reason") == WithdrawalReason.OTHER
        if other and not cleaned.get("details") and "details" not in self.errors:
            self.add_error("details", "Enter details of why the trainee withdrew")
        return cleaned


class RecommendForm(TrainingEventForm):
    date_field = "recommended_on"
    page_heading_field = "recommended_on"
    recommended_on = GovukDateField(
        label="When did the trainee meet the standards?",
        error_name="date the standards were met",
        help_text="For example, 30 6 2027",
    )
