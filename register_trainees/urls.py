from allauth.account.decorators import secure_admin_login
from django.apps import apps
from django.contrib import admin
from django.urls import include, path

# Staff sign in to the admin through allauth's sign-in page and its rate limits.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Register trainee teachers support"
admin.site.site_title = "Register trainee teachers support"

urlpatterns = [
    path("", include("pages.urls")),
    path("accounts/", include("accounts.urls")),
    path("trainees/", include("trainees.urls")),
    path("", include("providers.urls")),
    path("", include("research.urls")),
    path("admin/", admin.site.urls),
]

if apps.is_installed("demo"):
    urlpatterns.append(path("accounts/", include("demo.urls")))

handler400 = "edge.views.bad_request"
handler403 = "edge.views.permission_denied"
handler404 = "edge.views.page_not_found"
handler500 = "edge.views.server_error"
