"""Pages of the quarterly realisasi (issue 5)."""

from django.urls import path  # noqa: F401 - the pages are added here

app_name = "progress"
urlpatterns: list = []
