from django.conf import settings
from django.urls import reverse

from providers.policy import manages_team


def service(request):
    """Values every page template needs: the service's name and how to contact support."""
    return {
        "service_name": settings.SERVICE_NAME,
        "support_email": settings.SUPPORT_EMAIL,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "demo_mode": settings.DEMO_MODE,
        "sign_in_method": settings.SIGN_IN_METHOD,
    }


def navigation(request):
    """The service navigation's links for the signed-in user, with the current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation_items": []}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    url_name = match.url_name if match else ""
    # Without a provider there are no records: the "not linked" page is not one of them.
    context = getattr(request, "provider_context", None)
    has_providers = bool(getattr(context, "providers", ()))
    items = [
        {
            "href": reverse("trainees:list"),
            "text": "Trainee records",
            "active": namespace == "trainees" and has_providers,
        }
    ]
    if has_providers:
        items.extend(organisation_items(context, namespace, url_name))
    if user.is_staff:
        if settings.DEMO_MODE:
            items.append(
                {
                    "href": reverse("providers:scenario"),
                    "text": "Scenario settings",
                    "active": namespace == "providers" and url_name == "scenario",
                }
            )
        items.append(
            {
                "href": reverse("research:dashboard"),
                "text": "Research",
                "active": namespace == "research" and url_name.startswith("dashboard"),
            }
        )
        items.append({"href": reverse("admin:index"), "text": "Support", "active": False})
    return {"navigation_items": items}


def organisation_items(context, namespace: str, url_name: str) -> list[dict]:
    """The hat model: "Team" when the user manages the hat's team. The blended model:
    "Your organisations", which lists each one with its team where the user manages it."""
    on_team_page = namespace == "providers" and url_name.startswith("team")
    if context.is_hat:
        if context.active is None or not manages_team(context, context.active):
            return []
        return [
            {
                "href": reverse("providers:team", args=[context.active.pk]),
                "text": "Team",
                "active": on_team_page,
            }
        ]
    return [
        {
            "href": reverse("providers:organisations"),
            "text": "Your organisations",
            "active": on_team_page or (namespace == "providers" and url_name == "organisations"),
        }
    ]
