"""Excel export and import of a department's realisasi (issue 5)."""

from django.urls import path  # noqa: F401 - the pages are added here

app_name = "progress_exchange"
urlpatterns: list = []
