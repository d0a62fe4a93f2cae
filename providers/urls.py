from django.urls import path

from providers import views

app_name = "providers"

urlpatterns = [
    path("providers/choose/", views.choose_provider, name="choose"),
    path("support/scenario/", views.scenario, name="scenario"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:provider_id>/team/", views.team, name="team"),
    path("organisations/<int:provider_id>/team/invite/", views.invite_member, name="team_invite"),
    path(
        "organisations/<int:provider_id>/team/<int:membership_id>/role/",
        views.change_role,
        name="team_role",
    ),
    path(
        "organisations/<int:provider_id>/team/<int:membership_id>/remove/",
        views.remove_member,
        name="team_remove",
    ),
]
