from django.urls import path

from demo import views

urlpatterns = [
    path("personas/", views.personas, name="personas"),
]
