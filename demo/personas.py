"""Demo users ("personas") for research sessions, demos and local development."""

from dataclasses import dataclass

from accounts.models import User

DEMO_PASSWORD = "Register-demo-2026"


@dataclass(frozen=True)
class Persona:
    email: str
    first_name: str
    last_name: str
    description: str
    is_staff: bool = False


PERSONAS = (
    Persona("single@example.com", "Sam", "Single", "Works for 1 provider"),
    Persona("multi@example.com", "Morgan", "Multi", "Works for 5 providers"),
    Persona("none@example.com", "Nat", "None", "Not linked to a provider yet"),
    Persona("admin@example.com", "Alex", "Admin", "Support staff (Django admin)", is_staff=True),
)


def seed_users() -> dict[str, User]:
    """Create or update every persona, with the demo password. Safe to run again."""
    users = {}
    for persona in PERSONAS:
        user, _ = User.objects.update_or_create(
            email=persona.email,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "is_staff": persona.is_staff,
                "is_superuser": persona.is_staff,
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[persona.email] = user
    return users
