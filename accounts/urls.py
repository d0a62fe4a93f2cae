from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="account_login"),
    # Support staff manage sign-in email addresses; allauth's self-service page is off.
    path("email/", views.not_available),
]
