from allauth.account.decorators import secure_admin_login
from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from register_trainees import views

# Staff sign in to the admin through allauth's sign-in page and its rate limits.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Register trainee teachers support"
admin.site.site_title = "Register trainee teachers support"

urlpatterns = [
    path("", views.start, name="start"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("accounts/", include("accounts.urls")),
    path("trainees/", include("trainees.urls")),
    path("", include("providers.urls")),
    path("admin/", admin.site.urls),
]

if apps.is_installed("demo"):
    urlpatterns.append(path("accounts/", include("demo.urls")))

handler400 = "register_trainees.views.bad_request"
handler403 = "register_trainees.views.permission_denied"
handler404 = "register_trainees.views.page_not_found"
handler500 = "register_trainees.views.server_error"
