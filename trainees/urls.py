from django.urls import path

from trainees import views

app_name = "trainees"

urlpatterns = [
    path("", views.trainee_list, name="list"),
]
