"""The site's URLs plus /bench/floor/: the cheapest Django view, through the same middleware, as the floor
every page's throughput is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("hrparks.urls")),
]
