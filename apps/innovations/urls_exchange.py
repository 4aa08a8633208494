"""Excel export in the national application's layout and evidence ZIPs of innovations (issue 6)."""

from django.urls import path  # noqa: F401 - the pages are added here

app_name = "innovations_exchange"
urlpatterns: list = []
