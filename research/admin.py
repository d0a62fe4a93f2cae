"""Support staff see each user's provider model, and can pin it, where the deployment
splits users between the models (research.assignment). Users never see their group."""

from django.conf import settings
from django.contrib import admin

from accounts.admin import UserAdmin
from accounts.models import User
from research.assignment import assigned_model
from research.models import Group

SPLIT = "split"  # providers.provider_models.SPLIT (this app sits below providers)


class ResearchUserAdmin(UserAdmin):
    list_display = (*UserAdmin.list_display, "provider_model")
    readonly_fields = (*UserAdmin.readonly_fields, "provider_model")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Usage research", {"fields": ("provider_model", "pinned_provider_model")}),
    )

    @admin.display(description="provider model")
    def provider_model(self, user):
        if settings.PROVIDER_MODEL != SPLIT:
            return Group(settings.PROVIDER_MODEL).label
        given = Group(assigned_model(user)).label
        return f"{given} (pinned)" if user.pinned_provider_model else f"{given} (assigned)"


admin.site.unregister(User)
admin.site.register(User, ResearchUserAdmin)
