from django import forms

from providers.hat import BLENDED, HAT
from providers.models import Provider


class ChooseProviderForm(forms.Form):
    page_heading_field = "provider"

    provider = forms.ChoiceField(
        label="Which provider are you working on?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a provider",
            "invalid_choice": "Select one of the providers you work for",
        },
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, providers, record_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {str(provider.pk): provider for provider in providers}
        field = self.fields["provider"]
        field.choices = [(pk, str(provider)) for pk, provider in self.providers.items()]
        if record_counts is not None:
            field.choice_hints = {
                str(pk): f"{count:,} trainee record{'' if count == 1 else 's'}"
                for pk, count in record_counts.items()
            }

    def clean_provider(self):
        return self.providers[self.cleaned_data["provider"]]


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
