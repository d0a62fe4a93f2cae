from django.urls import path

from trainees import views
from trainees.sections import FORM_SECTIONS

app_name = "trainees"


urlpatterns = [
    path("", views.trainee_list, name="list"),
    path("export/", views.export, name="export"),
    path("new/", views.new_trainee, name="new"),
    path("new/route/", views.new_route, name="new_route"),
    path("<uuid:public_id>/", views.record, name="record"),
    path("<uuid:public_id>/degrees/", views.degrees, name="degrees"),
    path("<uuid:public_id>/degrees/new/", views.degree_form, name="degree_add"),
    path("<uuid:public_id>/degrees/<int:degree_id>/", views.degree_form, name="degree_edit"),
    path(
        "<uuid:public_id>/degrees/<int:degree_id>/remove/",
        views.degree_remove,
        name="degree_remove",
    ),
    path("<uuid:public_id>/training-route/", views.change_route, name="change_route"),
    path("<uuid:public_id>/provider/", views.change_provider, name="change_provider"),
    path("<uuid:public_id>/check/", views.check_answers, name="check"),
    path("<uuid:public_id>/registered/", views.registered, name="registered"),
    path("<uuid:public_id>/delete/", views.delete_draft, name="delete"),
    *[
        path(
            f"<uuid:public_id>/{section.slug}/",
            views.section,
            {"section_key": section.key},
            name=section.key,
        )
        for section in FORM_SECTIONS
    ],
    *[
        path(f"<uuid:public_id>/{action}/", views.state_action, {"action": action}, name=action)
        for action in views.STATE_ACTIONS
    ],
]
