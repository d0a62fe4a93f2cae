from django import forms

from providers.models import Provider
from providers.provider_models import BLENDED, HAT


class ProviderChoiceForm(forms.Form):
    """One of the user's own providers, as radios: any other value is an invalid choice.

    Subclasses ask their ``question`` and say ``required_message`` when nothing is chosen.
    """

    page_heading_field = "provider"
    question = "Which provider?"
    required_message = "Select a provider"

    provider = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select one of the providers you work for"},
    )

    def __init__(self, *args, providers, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {str(provider.pk): provider for provider in providers}
        field = self.fields["provider"]
        field.label = self.question
        field.error_messages["required"] = self.required_message
        field.choices = [(pk, str(provider)) for pk, provider in self.providers.items()]
        if hints:
            field.choice_hints = {str(pk): hint for pk, hint in hints.items()}

    def clean_provider(self):
        return self.providers[self.cleaned_data["provider"]]


def record_count_hint(count: int) -> str:
    return f"{count:,} trainee record{'' if count == 1 else 's'}"


class ChooseProviderForm(ProviderChoiceForm):
    """The hat model's chooser: which provider the user acts for."""

    question = "Which provider are you working on?"
    required_message = "Select a provider"
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class ScenarioForm(forms.Form):
    PRESETS = {"none": 0, "one": 1, "five": 5}

    provider_model = forms.ChoiceField(
        label="Provider model for your session",
        choices=[
            (HAT, "Hat model: act for one provider at a time"),
            (BLENDED, "Blended model: see all your providers' records together"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a provider model"},
    )
    providers = forms.ModelMultipleChoiceField(
        label="Providers your account belongs to",
        queryset=Provider.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        required=False,
        error_messages={"invalid_choice": "Select providers from the list"},
    )
    preset = forms.ChoiceField(
        choices=[(key, key) for key in PRESETS], required=False, widget=forms.HiddenInput
    )
    label_sizes = {"provider_model": "m", "providers": "m"}

    def chosen_providers(self) -> list[Provider]:
        preset = self.cleaned_data.get("preset")
        if preset:
            return list(Provider.objects.order_by("name")[: self.PRESETS[preset]])
        return list(self.cleaned_data["providers"])
