"""The table of who may do what, worked out from the access policy itself.

``docs/access.md`` is this table (``manage.py print_access_policy`` writes it, and a test
fails when the two differ), so the document can never say something the policy does not.
Each cell asks ``providers.policy.can`` about a real user in a real organisation, made
in a transaction that is rolled back.
"""

from dataclasses import dataclass

from django.db import transaction

from providers import policy
from providers.context import ProviderContext
from providers.models import Membership, Partnership, Provider, Role
from providers.provider_models import BLENDED
from providers.selectors import providers_for_user

ACTION_LABELS = {
    "view": "See the record",
    "export": "Export records as CSV",
    "add": "Add a trainee",
    "change": "Change a section, a degree or the training route",
    "delete": "Delete a draft",
    "send_for_check": "Send a draft to the provider to check",
    "return_to_partner": "Return a partner's draft with a comment",
    "register": "Register a trainee and request a TRN",
    "defer": "Defer",
    "reinstate": "Reinstate",
    "withdraw": "Withdraw",
    "recommend": "Recommend for QTS or EYTS",
    "move_draft": "Move a draft to another of their providers",
    "award": "Record that QTS or EYTS was awarded",
    "move_registered": "Move a registered record to another provider",
    "manage_team": "Manage the organisation's team",
}


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str
    role: str
    partner_may_draft: bool = False
    staff: bool = False


COLUMNS = (
    Column("Accredited provider, view records", Provider.Kind.ACCREDITED, Role.VIEW),
    Column("Accredited provider, add and change records", Provider.Kind.ACCREDITED, Role.EDIT),
    Column("Accredited provider, manage the team", Provider.Kind.ACCREDITED, Role.MANAGE),
    Column("Training partner, view records", Provider.Kind.TRAINING_PARTNER, Role.VIEW),
    Column(
        "Training partner that drafts, add and change records",
        Provider.Kind.TRAINING_PARTNER,
        Role.EDIT,
        partner_may_draft=True,
    ),
    Column("Support staff (with a membership)", Provider.Kind.ACCREDITED, Role.EDIT, staff=True),
)


@dataclass
class Sample:
    """A record as the policy reads it (only the attributes it looks at)."""

    provider_id: int
    training_partner_id: int | None
    drafting_partner_id: int | None
    partner_review: str
    is_draft: bool


def _record(action: str, provider, partner) -> Sample:
    """The record each action is about: a partner's draft for the actions about one, a
    draft for the changes of a draft, a registered record for the others."""
    partner_draft = action in ("send_for_check", "return_to_partner", "change", "delete")
    draft = action in ("change", "delete", "move_draft", "register", "send_for_check")
    draft = draft or action == "return_to_partner"
    return Sample(
        provider_id=provider.pk,
        training_partner_id=partner.pk,
        drafting_partner_id=partner.pk if partner_draft else None,
        partner_review="to_check" if action == "return_to_partner" else "",
        is_draft=draft,
    )


def policy_table() -> list[tuple[str, list[str]]]:
    """(action, one "Yes"/"No" per column) for every action of the policy."""
    with transaction.atomic():
        rows = _table()
        transaction.set_rollback(True)
    return rows


def _table():
    from accounts.models import User

    provider = Provider.objects.create(
        name="Table provider", code="T01", ukprn="19999991", accreditation_id="5999"
    )
    partner = Provider.objects.create(
        name="Table partner",
        code="T02",
        ukprn="19999992",
        kind=Provider.Kind.TRAINING_PARTNER,
    )
    partnership = Partnership.objects.create(accredited_provider=provider, training_partner=partner)
    contexts = []
    for number, column in enumerate(COLUMNS):
        user = User.objects.create_user(f"access-table-{number}@example.com", is_staff=column.staff)
        chosen = provider if column.kind == Provider.Kind.ACCREDITED else partner
        Membership.objects.create(user=user, provider=chosen, role=column.role)
        partnership.partner_may_draft = column.partner_may_draft
        partnership.save()
        # As the middleware reads them: the membership's role, the partnerships.
        (organisation,) = providers_for_user(user)
        context = ProviderContext(user=user, providers=(organisation,), model=BLENDED)
        contexts.append((context, organisation))
    rows = []
    for action in ACTION_LABELS:
        cells = []
        for context, organisation in contexts:
            if action == "manage_team":
                allowed = policy.manages_team(context, organisation)
            elif action in ("add", "export"):
                allowed = policy.can(context, action)
            else:
                allowed = policy.can(context, action, _record(action, provider, partner))
            cells.append("Yes" if allowed else "No")
        rows.append((action, cells))
    return rows


def markdown() -> str:
    headings = ["What", *(column.heading for column in COLUMNS)]
    lines = [
        "# Who may do what",
        "",
        "Printed from the access policy (`providers/policy.py`) by "
        "`python manage.py print_access_policy`; a test fails when this file and the "
        "policy differ. Do not edit it by hand.",
        "",
        "Each cell says whether someone in that organisation and role may do it to a record "
        "they can see: their provider's own records, or for a training partner the records "
        "linked to it (its own drafts, for one that drafts). The record's state decides too: "
        "only drafts are registered, only registered records are deferred, and so on "
        "(`trainees/services.py`). A user sees no record outside their organisations (404).",
        "",
        "| " + " | ".join(headings) + " |",
        "| " + " | ".join("---" for _ in headings) + " |",
    ]
    for action, cells in policy_table():
        lines.append(f"| {ACTION_LABELS[action]} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Roles",
        "",
        "- **View records**: sees their organisation's records and exports them.",
        "- **Add and change records**: also adds trainees and changes, registers, defers, "
        "reinstates, withdraws and recommends them.",
        "- **Manage the team**: also invites people, changes their roles and removes them "
        "(the last manager cannot be removed or lose the role).",
        "",
        "## Training partners and partnerships",
        "",
        "A training partner (a lead school or an employing school) trains with one or more "
        "accredited providers; a *partnership* links them. The partner's members see the "
        "records linked to it and change none of them. Where the partnership lets the partner "
        "draft, its editors start drafts for the accredited provider, fill every section and "
        "send them to be checked; the provider's editors find them under *To check*, then "
        "register them or return them with a comment. Both organisations appear in the "
        "Timeline.",
        "",
        "Support staff (the Django admin) record awards for the awarding body and move "
        "registered records between providers, with a reason the Timeline keeps.",
        "",
    ]
    return "\n".join(lines)
