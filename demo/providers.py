"""Demo providers and who works for them."""

from providers.models import Provider
from providers.services import set_memberships

# Fictional providers with realistic names and identifiers.
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

# Memberships for each demo persona, by provider code.
DEMO_MEMBERSHIPS = {
    "single@example.com": ("1RS",),
    "multi@example.com": ("1RS", "2NM", "3PL", "4KB", "5SA"),
    "none@example.com": (),
    "admin@example.com": (),
}


def seed_providers() -> dict[str, Provider]:
    providers = {}
    for name, code, ukprn, accreditation_id in DEMO_PROVIDERS:
        provider, _ = Provider.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "ukprn": ukprn,
                "accreditation_id": accreditation_id,
                "kind": Provider.Kind.ACCREDITED,
            },
        )
        providers[code] = provider
    return providers


def seed_memberships(users, providers) -> None:
    """Give each persona exactly its demo memberships (undoing scenario-page changes)."""
    for email, codes in DEMO_MEMBERSHIPS.items():
        set_memberships(users[email], [providers[code] for code in codes], changed_by=users[email])
