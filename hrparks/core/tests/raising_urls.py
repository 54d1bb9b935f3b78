"""A URL conf with a view that fails, for the 500 page test (the site's own URLs keep it working)."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("a fault of the server")


urlpatterns = [path("boom/", boom), path("", include("hrparks.urls"))]
