from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("support/research/", views.dashboard, name="dashboard"),
    path("support/research/figures.csv", views.dashboard_csv, name="dashboard_csv"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/sent/", views.feedback_sent, name="feedback_sent"),
]
