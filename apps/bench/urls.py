"""The URLconf of a benchmark run (apps/bench/settings.py): Kinerja's, plus the trivial view at /bench/ping/.
Nothing of it is reachable in a deployment, whose ROOT_URLCONF stays kinerja.urls."""

from django.urls import include, path

from .views import ping

urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include("kinerja.urls")),
]
