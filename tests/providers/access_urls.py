"""A URLconf with views that opt out of needing a provider in each way the middleware knows:
a decorated function, a class-based view, and a page of the support admin's namespace."""

from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from providers.decorators import provider_not_required


@provider_not_required
def public_page(request):
    return HttpResponse("public page")


class PublicClassPage(View):
    provider_not_required = True

    def get(self, request):
        return HttpResponse("public class page")


class ServicePage(View):
    def get(self, request):
        return HttpResponse("service page")


def support_report(request):
    return HttpResponse("support report")


support_patterns = ([path("report/", support_report)], "admin")

urlpatterns = [
    path("public/", public_page),
    path("public-class/", PublicClassPage.as_view()),
    path("service/", ServicePage.as_view()),
    path("support-tools/", include(support_patterns, namespace="support_tools")),
    path("", include("register_trainees.urls")),
]
