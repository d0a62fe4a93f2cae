"""Who may do what: the one access policy.

``can(context, action, record=None)`` answers for every action of the service, from the
user's provider context (their organisations, the kind of each and their role there) and
the record. Views and templates ask it; nothing else checks roles or kinds. Whether the
record's *state* allows an action (a withdrawn record cannot be deferred) is the services'
rule, not this one: a page offers an action only when both say yes.

The rules are predicates composed with django-rules. ``docs/access.md`` is printed from
this module (``manage.py print_access_policy``) and a test keeps the two the same.
"""

import rules

from providers.context import ACCREDITED, EDITING, MANAGE, TRAINING_PARTNER

TO_CHECK = "to_check"  # trainees.constants.PartnerReview.TO_CHECK


def _role(context, provider_id):
    return context.role_at(provider_id) if provider_id is not None else None


@rules.predicate
def is_support_staff(context) -> bool:
    return bool(getattr(context.user, "is_staff", False))


@rules.predicate
def sees_record(context, record) -> bool:
    """A member of the record's provider, or of the training partner it is linked to."""
    return record is not None and context.member_of_record(record) is not None


@rules.predicate
def edits_for_provider(context, record) -> bool:
    """An editor (or team manager) of the accredited provider the record belongs to."""
    return record is not None and _role(context, record.provider_id) in EDITING


@rules.predicate
def drafts_as_partner(context, record) -> bool:
    """An editor of the training partner that started this draft, while the partnership
    lets it draft and the draft is not waiting for the provider to check it."""
    if record is None or record.drafting_partner_id is None or not record.is_draft:
        return False
    may_draft_for = context.drafting_for.get(record.drafting_partner_id, ())
    return (
        record.provider_id in {provider.pk for provider in may_draft_for}
        and record.partner_review != TO_CHECK
    )


@rules.predicate
def is_partner_draft(context, record) -> bool:
    return record is not None and record.drafting_partner_id is not None


@rules.predicate
def adds_somewhere(context) -> bool:
    return bool(providers_to_add_for(context))


@rules.predicate
def is_member_somewhere(context) -> bool:
    return bool(context.providers)


POLICY = rules.RuleSet()
POLICY.add_rule("view", sees_record)
POLICY.add_rule("export", is_member_somewhere)
POLICY.add_rule("add", adds_somewhere)
# Sections, degrees, the training route, deleting a draft.
POLICY.add_rule("change", edits_for_provider | drafts_as_partner)
POLICY.add_rule("delete", edits_for_provider | drafts_as_partner)
POLICY.add_rule("send_for_check", drafts_as_partner)
POLICY.add_rule("return_to_partner", edits_for_provider & is_partner_draft)
POLICY.add_rule("register", edits_for_provider)
POLICY.add_rule("defer", edits_for_provider)
POLICY.add_rule("reinstate", edits_for_provider)
POLICY.add_rule("withdraw", edits_for_provider)
POLICY.add_rule("recommend", edits_for_provider)
POLICY.add_rule("move_draft", edits_for_provider)
# The awarding body decides awards and support staff record them; records registered
# under the wrong provider are moved by support staff too.
POLICY.add_rule("award", is_support_staff & sees_record)
POLICY.add_rule("move_registered", is_support_staff & sees_record)

ACTIONS = tuple(POLICY)
# The actions about one record (the others are about the user: adding, exporting).
RECORD_ACTIONS = tuple(action for action in ACTIONS if action not in ("add", "export"))


def can(context, action: str, record=None) -> bool:
    if action not in POLICY:
        raise KeyError(f"no access rule for {action!r}")
    return POLICY.test_rule(action, context, record)


def providers_to_add_for(context) -> tuple:
    """The accredited providers a new trainee can be for: those the user edits for, then
    those their training partners draft for. In the hat model, only the hat's."""
    organisations = context.in_view
    providers = []
    for organisation in organisations:
        if organisation.kind == ACCREDITED and _role(context, organisation.pk) in EDITING:
            providers.append(organisation)
        elif organisation.kind == TRAINING_PARTNER:
            providers.extend(context.drafting_for.get(organisation.pk, ()))
    unique = {provider.pk: provider for provider in providers}
    return tuple(unique.values())


def providers_to_move_to(context) -> tuple:
    """The accredited providers a draft can move between: every one the user edits for,
    whatever the hat (a draft started under the wrong hat moves to the right one)."""
    return tuple(
        organisation
        for organisation in context.providers
        if organisation.kind == ACCREDITED and _role(context, organisation.pk) in EDITING
    )


def drafting_partner_for(context, provider):
    """The training partner through which the user starts a draft for ``provider``: None
    when they edit for the provider itself."""
    if _role(context, provider.pk) in EDITING:
        return None
    for organisation in context.in_view:
        if organisation.kind != TRAINING_PARTNER:
            continue
        if provider.pk in {p.pk for p in context.drafting_for.get(organisation.pk, ())}:
            return organisation
    return None


def manages_team(context, provider) -> bool:
    """A team manager of ``provider`` runs its team (support staff use the admin)."""
    return provider is not None and _role(context, provider.pk) == MANAGE


def is_view_only(context, organisation) -> bool:
    """The hat, or a row's organisation, lets the user see records but change none."""
    if organisation.kind == TRAINING_PARTNER:
        return not context.drafting_for.get(organisation.pk)
    return _role(context, organisation.pk) not in EDITING
