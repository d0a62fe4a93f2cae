import datetime

from django import forms
from django.utils import timezone

from govuk.forms import GovukDateField
from research.models import Feedback

DEFAULT_DAYS = 30


class DateRangeForm(forms.Form):
    """The dashboard's dates, from the query string: the last 30 days unless given."""

    start = GovukDateField(label="From", error_name="the start date", required=False)
    end = GovukDateField(label="To", error_name="the end date", required=False)
    label_sizes = {"start": "s", "end": "s"}

    def __init__(self, data=None, *, today: datetime.date | None = None):
        self.default = self.default_range(today or timezone.localdate())
        given = data is not None and any(key.startswith(("start_", "end_")) for key in data)
        super().__init__(data if given else None, initial=self.default)

    @staticmethod
    def default_range(today: datetime.date) -> dict:
        return {"start": today - datetime.timedelta(days=DEFAULT_DAYS - 1), "end": today}

    def clean(self):
        cleaned = super().clean()
        # A date left out is the default's; a date given wrongly stays an error.
        start = cleaned.get("start") or (None if "start" in self.errors else self.default["start"])
        end = cleaned.get("end") or (None if "end" in self.errors else self.default["end"])
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def asks_for_a_valid_range(self) -> bool:
        """No dates given (the default range), or dates that make a range."""
        return not self.is_bound or self.is_valid()

    def dates(self) -> tuple[datetime.date, datetime.date]:
        """The range asked for: the form's when valid, else the default."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default["start"], self.default["end"]


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label="How easy was it to work across your providers today?",
        choices=Feedback.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how easy it was to work across your providers today"},
    )
    comment = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=Feedback.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Do not include personal information, such as a trainee’s name, date of birth, "
            "TRN or email address"
        ),
        error_messages={
            "max_length": (
                f"Your comments must be {Feedback.COMMENT_MAX_LENGTH:,} characters or fewer"
            )
        },
    )
    page_heading_field = "score"
