"""GOV.UK markup for every Django form: the project's form renderer and form fields.

The renderer's field template (govuk/jinja2/govuk/forms/field.html, Jinja2) draws each field as the
matching GOV.UK Design System component: label or legend, hint, error message, the
``govuk-form-group--error`` state and ``aria-describedby``. Forms say which field is the
page heading with ``page_heading_field``. The error summary at the top of a page comes
from ``error_summary_items`` (the ``error_summary`` function of govuk/jinja2.py).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property

INPUT_CLASSES = {
    "input": "govuk-input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
}
ERROR_CLASSES = {
    "input": "govuk-input--error",
    "password": "govuk-input--error",
    "select": "govuk-select--error",
    "textarea": "govuk-textarea--error",
}


class GovukDateInput(forms.MultiWidget):
    """Three text boxes (day, month, year): the GOV.UK date input pattern."""

    parts = ("day", "month", "year")
    use_fieldset = True

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in self.parts}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


def date_parts_error(message: str, code: str, parts: list[str]) -> ValidationError:
    """An error about some parts of a date only: the date input styles just those boxes.

    The parts travel in the error's params, so forms and views use the usual Django API
    (``add_error``, ``errors``). An error without them is about the whole date.
    """
    return ValidationError(message, code=code, params={"parts": tuple(parts)})


class GovukDateField(forms.Field):
    """A date typed into the GOV.UK date input, with the Design System's error messages.

    ``error_name`` is how messages refer to the date ("date of birth"); ``min_date`` and
    ``max_date`` bound it, with messages that give the bound. As the Design System asks,
    a missing part or a year without 4 numbers is an error about that part alone; a date
    that is not real or out of range is an error about the whole date.
    """

    widget = GovukDateInput

    def __init__(
        self,
        *,
        error_name: str,
        min_date: datetime.date | None = None,
        max_date: datetime.date | None = None,
        min_message: str | None = None,
        max_message: str | None = None,
        **kwargs,
    ):
        self.error_name = error_name
        self.min_date = min_date
        self.max_date = max_date
        self.min_message = min_message
        self.max_message = max_message
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {error_name}")
        super().__init__(**kwargs)

    @property
    def subject(self) -> str:
        return self.error_name[:1].upper() + self.error_name[1:]

    def to_python(self, value):
        if value is None or isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            value = [value]
        parts = [str(part or "").strip() for part in value][:3]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            return None
        missing = [name for name, part in zip(GovukDateInput.parts, parts, strict=True) if not part]
        if missing:
            raise date_parts_error(
                f"{self.subject} must include a {' and '.join(missing)}", "incomplete", missing
            )
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise ValidationError(f"{self.subject} must be a real date", code="invalid")
        day, month, year = parts
        if len(year) != 4:
            raise date_parts_error("Year must include 4 numbers", "invalid_year", ["year"])
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            # OverflowError: a day or month beyond the C integers datetime.date takes (2**31).
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_date and value < self.min_date:
            raise ValidationError(
                self.min_message
                or f"{self.subject} must be the same as or after {format_date(self.min_date)}",
                code="too_early",
            )
        if self.max_date and value > self.max_date:
            raise ValidationError(
                self.max_message
                or f"{self.subject} must be the same as or before {format_date(self.max_date)}",
                code="too_late",
            )


class GovukEmailField(forms.EmailField):
    """An email address with the GOV.UK email pattern's messages: one message for any
    address that is not in the correct format (a null character included), and one for
    an address too long to be stored."""

    max_email_length = 254

    def __init__(self, *, required_message: str = "Enter an email address", **kwargs):
        kwargs.setdefault("max_length", self.max_email_length)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"spellcheck": "false"}))
        kwargs["error_messages"] = {
            "required": required_message,
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": f"Email address must be {self.max_email_length} characters or fewer",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError as error:
            codes = {item.code for item in error.error_list}
            code = "max_length" if "max_length" in codes else "invalid"
            raise ValidationError(self.error_messages[code], code=code) from None


def format_date(value: datetime.date) -> str:
    """GOV.UK style: 5 January 2027."""
    return f"{value.day} {value:%B %Y}"


class GovukBoundField(BoundField):
    """A bound field that knows how to draw itself as a GOV.UK component.

    It only adds to Django's BoundField, so forms rendered elsewhere (the admin) are
    unchanged.
    """

    @cached_property
    def govuk_kind(self) -> str:
        widget = self.field.widget
        if isinstance(widget, GovukDateInput):
            return "date"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, forms.PasswordInput):
            return "password"
        return "input"

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def govuk_described_by(self) -> str:
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def error_target_id(self) -> str:
        """The id of the input the error summary's link moves focus to."""
        if self.govuk_kind == "date" and self.date_parts_in_error:
            first = GovukDateInput.parts.index(self.date_parts_in_error[0])
            return f"{self.auto_id}_{first}"
        if self.govuk_kind in ("radios", "checkboxes", "date"):
            return f"{self.auto_id}_0"
        return self.auto_id

    @cached_property
    def date_parts_in_error(self) -> tuple[str, ...]:
        """The date parts (day, month, year) the field's errors are about, in page order.

        An error that names no parts (see ``date_parts_error``) is about the whole date.
        """
        if self.govuk_kind != "date" or not self.errors:
            return ()
        named = set()
        for error in self.errors.as_data():
            parts = (error.params or {}).get("parts")
            if not parts:
                return GovukDateInput.parts
            named.update(parts)
        return tuple(part for part in GovukDateInput.parts if part in named)

    @property
    def is_page_heading(self) -> bool:
        return getattr(self.form, "page_heading_field", None) == self.name

    @property
    def label_size(self) -> str:
        """The GOV.UK size modifier for this field's label or legend ("" for none)."""
        if self.is_page_heading:
            return getattr(self.form, "page_heading_size", "l")
        return getattr(self.form, "label_sizes", {}).get(self.name, "")

    def govuk_widget(self):
        kind = self.govuk_kind
        widget_attrs = self.field.widget.attrs
        classes = [INPUT_CLASSES.get(kind, "govuk-input"), widget_attrs.get("class", "")]
        if self.errors:
            classes.append(ERROR_CLASSES.get(kind, "govuk-input--error"))
        attrs = {
            "class": " ".join(c for c in classes if c),
            # GOV.UK asks services not to use placeholders as labels or hints.
            "placeholder": False,
        }
        if self.govuk_described_by:
            attrs["aria-describedby"] = self.govuk_described_by
        if kind == "password":
            attrs.update({"spellcheck": "false", "autocapitalize": "none"})
        return self.as_widget(attrs=attrs)

    @cached_property
    def govuk_options(self) -> list[dict]:
        """Radio or checkbox items, with optional hints from the field's ``choice_hints``
        and the questions an item reveals (``RevealingForm.reveals``)."""
        hints = getattr(self.field, "choice_hints", None) or {}
        reveal = getattr(self.form, "reveals", {}).get(self.name)
        # Grouped choices ((heading, choices), ...): each group's first item carries the
        # heading drawn above it.
        headings = {
            str(group[0][0]): heading
            for heading, group in getattr(self.field, "choices", ())
            if isinstance(group, (list, tuple)) and group
        }
        options = []
        for subwidget in self.subwidgets:
            data = subwidget.data
            option_id = data["attrs"]["id"]
            value = data["value"]
            revealed = []
            if reveal is not None and str(value) == str(reveal.value):
                revealed = [self.form[name] for name in reveal.fields if name in self.form.fields]
            options.append(
                {
                    "id": option_id,
                    "name": data["name"],
                    "value": "" if value is None else value,
                    "label": data["label"],
                    "checked": data["selected"],
                    "hint": hints.get(str(value)),
                    "hint_id": f"{option_id}-item-hint",
                    "conditional": revealed,
                    "conditional_id": f"conditional-{option_id}",
                    "group_heading": headings.get(str(value), ""),
                }
            )
        return options

    @property
    def is_revealed(self) -> bool:
        """Drawn inside another question's conditional reveal, not on its own."""
        return self.name in getattr(self.form, "revealed_fields", ())

    @property
    def is_discard(self) -> bool:
        """A "remove these answers" checkbox: drawn with the question it belongs to."""
        return self.name in getattr(self.form, "offered_discards", ())

    @property
    def govuk_discard(self):
        """The "remove these answers" checkbox offered after a contradiction, if any."""
        name = discard_field_name(self.name)
        return self.form[name] if name in self.form.fields else None

    @cached_property
    def govuk_date_parts(self) -> list[dict]:
        value = self.value()
        if isinstance(value, datetime.date):
            values = [value.day, value.month, value.year]
        elif isinstance(value, (list, tuple)):
            values = list(value)
        else:
            values = [None, None, None]
        widths = {"day": 2, "month": 2, "year": 4}
        parts = []
        for index, part in enumerate(GovukDateInput.parts):
            raw = values[index] if index < len(values) else None
            parts.append(
                {
                    "name": f"{self.html_name}_{part}",
                    "id": f"{self.auto_id}_{index}",
                    "label": part.capitalize(),
                    "value": "" if raw is None else raw,
                    "width": widths[part],
                    "has_error": part in self.date_parts_in_error,
                }
            )
        return parts


class GovukFormRenderer(TemplatesSetting):
    """Forms and fields drawn by the govuk app's Jinja2 templates (the engine that
    ``TEMPLATES`` lists first finds them; Django's own widgets come from its jinja2 folder).
    """

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField


def error_summary_items(*forms_with_errors) -> list[dict]:
    """The GOV.UK error summary's list for one or more forms: text and link target."""
    items = []
    for form in forms_with_errors:
        if form is None or not form.errors:
            continue
        visible = form.visible_fields()
        first_target = f"#{visible[0].error_target_id}" if visible else ""
        for error in form.non_field_errors():
            items.append({"text": error, "href": first_target})
        for bound_field in form:
            for error in bound_field.errors:
                if bound_field.is_hidden:
                    items.append({"text": error, "href": first_target})
                else:
                    items.append({"text": error, "href": f"#{bound_field.error_target_id}"})
    return items


@dataclass(frozen=True)
class Reveal:
    """Questions shown only for one answer to another: the GOV.UK conditional reveal.

    ``value`` is the answer to the revealing question that shows ``fields``. With
    JavaScript the others stay hidden and are not sent; without it every question shows.
    An answer to a revealed question that contradicts the revealing one is never dropped:
    it is an error (``conflict_message``), and the page offers a checkbox
    (``discard_label``) to remove those answers on purpose.
    """

    value: str
    fields: tuple[str, ...]
    conflict_message: str
    discard_label: str
    missing_message: str = ""


def discard_field_name(name: str) -> str:
    return f"{name}_discard"


class RevealingForm(forms.Form):
    """A form with conditional reveals: ``reveals`` maps a question to its ``Reveal``."""

    reveals: dict[str, Reveal] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered_discards = set()

    @property
    def revealed_fields(self) -> set[str]:
        return {name for reveal in self.reveals.values() for name in reveal.fields}

    def clean(self):
        cleaned = super().clean()
        for name, reveal in self.reveals.items():
            if name in self.errors:
                continue
            answered = [
                field
                for field in reveal.fields
                if field in cleaned and cleaned[field] not in (None, "", [], ())
            ]
            if not answered or str(cleaned.get(name, "")) == str(reveal.value):
                continue
            if not cleaned.get(name) and reveal.missing_message:
                self.add_error(name, reveal.missing_message)
            elif self.data.get(discard_field_name(name)):
                for field in reveal.fields:
                    cleaned[field] = [] if isinstance(cleaned.get(field), list) else ""
            else:
                discard = discard_field_name(name)
                self.fields[discard] = forms.BooleanField(
                    label=reveal.discard_label, required=False
                )
                self.offered_discards.add(discard)
                self.add_error(name, reveal.conflict_message)
        return cleaned
