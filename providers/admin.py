from django.conf import settings
from django.contrib import admin

from accounts.admin import UserAdmin
from accounts.models import User
from providers.models import Membership, Partnership, Provider
from providers.provider_models import SPLIT
from research.assignment import assigned_model
from research.models import Group


class MembershipForProviderInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name = "member"
    verbose_name_plural = "members"


class MembershipForUserInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["provider"]
    fields = ["provider", "role", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name = "provider"
    verbose_name_plural = "providers this user works for"


class PartnershipInline(admin.TabularInline):
    model = Partnership
    fk_name = "accredited_provider"
    extra = 0
    autocomplete_fields = ["training_partner"]
    fields = ["training_partner", "partner_may_draft", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name = "training partner"
    verbose_name_plural = "training partners (partnerships)"


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ukprn", "accreditation_id", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "ukprn"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipForProviderInline, PartnershipInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["accredited_provider", "training_partner", "partner_may_draft"]
    list_filter = ["partner_may_draft"]
    search_fields = ["accredited_provider__name", "training_partner__name"]
    autocomplete_fields = ["accredited_provider", "training_partner"]


# The user page lists and edits the user's providers. The inline is added here, so that
# accounts knows nothing about providers.
admin.site.unregister(User)


@admin.register(User)
class UserWithProvidersAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipForUserInline]
    # Where the deployment splits users between the models, staff see each user's model
    # and can pin it (research.assignment); users themselves never see it.
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
