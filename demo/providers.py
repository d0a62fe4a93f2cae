"""Demo organisations, their partnerships, and who works for them in which role."""

from providers.models import Partnership, Provider, Role
from providers.services import set_memberships

# Fictional accredited providers with realistic names and identifiers.
DEMO_PROVIDERS = (
    # name, code, UKPRN, accreditation ID
    ("Riverside SCITT", "1RS", "10034521", "5102"),
    ("University of Northmoor", "2NM", "10007123", "1017"),
    ("Pennine Lakes Teacher Training", "3PL", "10056218", "5164"),
    ("Kingsbridge Teaching Partnership", "4KB", "10062947", "5210"),
    ("St Aidan's Catholic SCITT", "5SA", "10071358", "5233"),
    ("Harbourside Institute of Education", "6HI", "10003884", "1042"),
    ("Fenland Primary Teacher Training", "7FP", "10080412", "5287"),
    ("Westmarch University", "8WU", "10007954", "1063"),
    ("Oakfield Schools Alliance", "9OA", "10091236", "5311"),
)

# Training partners: lead and employing schools (no accreditation ID).
DEMO_PARTNERS = (
    # name, code, UKPRN
    ("Oak Hill Academy", "OHA", "10094410"),
    ("Elmwood Primary School", "EPS", "10094522"),
    ("Brookside Teaching School", "BTS", "10094633"),
    ("Hawthorn Federation", "HFD", "10094744"),
)

# accredited provider, training partner, the partner may start drafts
DEMO_PARTNERSHIPS = (
    ("1RS", "OHA", True),
    ("1RS", "EPS", False),
    ("2NM", "BTS", False),
    ("3PL", "HFD", False),
)

# Each persona's organisations and role there, by code.
DEMO_MEMBERSHIPS = {
    "single@example.com": {"1RS": Role.EDIT},
    "multi@example.com": {
        "1RS": Role.MANAGE,
        "2NM": Role.EDIT,
        "3PL": Role.EDIT,
        "4KB": Role.EDIT,
        "5SA": Role.VIEW,
    },
    "viewer@example.com": {"1RS": Role.VIEW},
    "partner@example.com": {"EPS": Role.EDIT},
    "drafter@example.com": {"OHA": Role.EDIT},
    "none@example.com": {},
    "admin@example.com": {},
}


def seed_providers() -> dict[str, Provider]:
    """Every demo organisation by code, and their partnerships. Safe to run again."""
    providers = {}
    for name, code, ukprn, accreditation_id in DEMO_PROVIDERS:
        providers[code] = _organisation(
            code, name, ukprn, accreditation_id, Provider.Kind.ACCREDITED
        )
    for name, code, ukprn in DEMO_PARTNERS:
        providers[code] = _organisation(code, name, ukprn, "", Provider.Kind.TRAINING_PARTNER)
    for accredited, partner, may_draft in DEMO_PARTNERSHIPS:
        Partnership.objects.update_or_create(
            accredited_provider=providers[accredited],
            training_partner=providers[partner],
            defaults={"partner_may_draft": may_draft},
        )
    return providers


def _organisation(code, name, ukprn, accreditation_id, kind) -> Provider:
    provider, _ = Provider.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "ukprn": ukprn,
            "accreditation_id": accreditation_id,
            "kind": kind,
        },
    )
    return provider


def seed_memberships(users, providers) -> None:
    """Give each persona exactly its demo memberships (undoing scenario-page changes)."""
    for email, roles in DEMO_MEMBERSHIPS.items():
        set_memberships(
            users[email],
            {providers[code]: role for code, role in roles.items()},
            changed_by=users["admin@example.com"],
        )
