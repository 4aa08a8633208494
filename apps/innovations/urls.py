"""Pages of the innovation inventory and the Indeks Inovasi Daerah (issue 6)."""

from django.urls import path  # noqa: F401 - the pages are added here

app_name = "innovations"
urlpatterns: list = []
