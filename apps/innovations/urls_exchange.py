"""Excel export in the national application's layout and evidence ZIPs of innovations (issue 6)."""

from django.urls import path

from . import exports

app_name = "innovations_exchange"
urlpatterns = [
    path("export/<int:year>/", exports.InnovationsExportView.as_view(), name="export"),
    path("<int:pk>/evidence.zip", exports.EvidenceZipView.as_view(), name="evidence_zip"),
]
