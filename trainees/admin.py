"""Trainee records in the support admin: read only, except recording an award.

Records change only through trainees.services, so the admin edits nothing itself; the one
thing support staff do here is record that the awarding body awarded QTS or EYTS.
"""

from django.contrib import admin, messages

from trainees import services
from trainees.models import Trainee


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "trn", "trainee_id", "provider", "state_label", "updated_at"]
    list_filter = ["state"]
    search_fields = ["trn", "last_name", "first_names", "trainee_id"]
    list_select_related = ["provider"]
    actions = ["mark_awarded"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Mark QTS or EYTS as awarded (for the awarding body)")
    def mark_awarded(self, request, queryset):
        awarded, skipped = 0, []
        for trainee in queryset.select_related("provider"):
            try:
                services.award(trainee, user=request.user)
            except (services.TransitionNotAllowed, services.ActionForbidden):
                skipped.append(str(trainee))
            else:
                awarded += 1
        if awarded:
            self.message_user(request, f"{awarded} marked as awarded", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                "Not recommended for an award, so not marked: " + ", ".join(skipped),
                messages.WARNING,
            )
