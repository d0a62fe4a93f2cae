from django.urls import path

from providers import views

app_name = "providers"

urlpatterns = [
    path("providers/choose/", views.choose_provider, name="choose"),
    path("support/scenario/", views.scenario, name="scenario"),
]
