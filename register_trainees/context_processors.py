from django.conf import settings
from django.urls import reverse


def service(request):
    """Values every page template needs: the service's name and how to contact support."""
    return {
        "service_name": settings.SERVICE_NAME,
        "support_email": settings.SUPPORT_EMAIL,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "demo_mode": settings.DEMO_MODE,
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
    has_providers = bool(getattr(getattr(request, "provider_context", None), "providers", ()))
    items = [
        {
            "href": reverse("trainees:list"),
            "text": "Trainee records",
            "active": namespace == "trainees" and has_providers,
        }
    ]
    if user.is_staff:
        if settings.DEMO_MODE:
            items.append(
                {
                    "href": reverse("providers:scenario"),
                    "text": "Scenario settings",
                    "active": namespace == "providers" and url_name == "scenario",
                }
            )
        items.append({"href": reverse("admin:index"), "text": "Support", "active": False})
    return {"navigation_items": items}
