from django import forms

from govuk.forms import GovukEmailField
from providers.models import Partnership, Provider, Role
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
    """The hat model's chooser: which organisation the user acts for, accredited providers
    and training partners under headings of their own."""

    question = "Which provider are you working on?"
    required_message = "Select a provider"
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        groups = {}
        for pk, provider in self.providers.items():
            groups.setdefault(provider.get_kind_display(), []).append((pk, str(provider)))
        if len(groups) > 1:
            headings = {"Accredited provider": "Accredited providers"}
            headings["Training partner"] = "Training partners"
            field.choices = [(headings[kind], choices) for kind, choices in groups.items()]


NOT_A_MEMBER = ""


class ScenarioForm(forms.Form):
    """The researchers' settings: the provider model for their session, and their own
    role at each organisation (or none), with quick presets."""

    PRESETS = {
        "none": "No provider",
        "one": "1 provider",
        "five": "5 providers, mixed roles",
        "partner_view": "A training partner (view)",
        "partner_drafts": "A partner school that drafts",
    }

    provider_model = forms.ChoiceField(
        label="Provider model for your session",
        choices=[
            (HAT, "Hat model: act for one provider at a time"),
            (BLENDED, "Blended model: see all your providers' records together"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a provider model"},
    )
    preset = forms.ChoiceField(
        choices=list(PRESETS.items()),
        required=False,
        widget=forms.HiddenInput,
    )
    label_sizes = {"provider_model": "m"}

    def __init__(self, *args, roles: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(Provider.objects.order_by("kind", "name"))
        roles = roles or {}
        for provider in self.organisations:
            self.fields[self.role_field(provider)] = forms.ChoiceField(
                label=provider.name,
                help_text=provider.get_kind_display(),
                choices=[(NOT_A_MEMBER, "Not a member"), *Role.choices],
                required=False,
                initial=roles.get(provider.pk, NOT_A_MEMBER),
                error_messages={"invalid_choice": "Select a role from the list"},
            )

    @staticmethod
    def role_field(provider) -> str:
        return f"role_{provider.pk}"

    def role_fields(self):
        return [self[self.role_field(provider)] for provider in self.organisations]

    def chosen_roles(self) -> dict:
        """Organisation → role for the user, from a preset or the role questions."""
        preset = self.cleaned_data.get("preset")
        if preset:
            return preset_roles(preset)
        return {
            provider: self.cleaned_data[self.role_field(provider)]
            for provider in self.organisations
            if self.cleaned_data.get(self.role_field(provider))
        }


def preset_roles(preset: str) -> dict:
    accredited = list(Provider.objects.filter(kind=Provider.Kind.ACCREDITED).order_by("name"))
    if preset == "none":
        return {}
    if preset == "one":
        return dict.fromkeys(accredited[:1], Role.EDIT)
    if preset == "five":
        mixed = (Role.MANAGE, Role.EDIT, Role.EDIT, Role.EDIT, Role.VIEW)
        return dict(zip(accredited[:5], mixed, strict=False))
    partnerships = Partnership.objects.select_related("training_partner").order_by(
        "training_partner__name"
    )
    if preset == "partner_drafts":
        partnership = partnerships.filter(partner_may_draft=True).first()
        return {partnership.training_partner: Role.EDIT} if partnership else {}
    partnership = partnerships.filter(partner_may_draft=False).first()
    return {partnership.training_partner: Role.VIEW} if partnership else {}


ROLE_HINTS = {
    Role.VIEW: "See the trainee records, without adding or changing any",
    Role.EDIT: "Add trainees and change their records",
    Role.MANAGE: "Add and change records, and invite, change and remove team members",
}


def role_field(label: str) -> forms.ChoiceField:
    field = forms.ChoiceField(
        label=label,
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a role",
            "invalid_choice": "Select one of the roles",
        },
    )
    field.choice_hints = {str(role): hint for role, hint in ROLE_HINTS.items()}
    return field


class InviteMemberForm(forms.Form):
    """Who to add to the team (their email address) and in which role."""

    email = GovukEmailField(
        label="Email address",
        help_text="We will email them to say you added them, and how to sign in",
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    role = role_field("Role")
    label_sizes = {"email": "m", "role": "m"}


class ChangeRoleForm(forms.Form):
    page_heading_field = "role"
    role = role_field("Role")

    def __init__(self, *args, member_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = f"Change the role of {member_name}"


class RemoveMemberForm(forms.Form):
    """Nothing to answer: the page asks to confirm, and says why if it cannot be done."""
