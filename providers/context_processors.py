from providers.hat import HAT


def provider_header(request):
    """What the header shows about the provider the user acts for."""
    providers = getattr(request, "user_providers", [])
    active = getattr(request, "active_provider", None)
    is_hat = getattr(request, "provider_model", None) == HAT
    return {
        "active_provider": active,
        "user_providers": providers,
        "provider_model": getattr(request, "provider_model", None),
        "show_provider_header": is_hat and active is not None,
        "can_change_provider": is_hat and active is not None and len(providers) > 1,
    }
