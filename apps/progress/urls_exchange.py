"""Excel exchange of realisasi: the export of a PK's year. The import runs on the shared import pages: core:import
with kind "progress", ?target=<PK pk> and the quarter chosen on the form (template at core:import_template)."""

from django.urls import path

from . import exports

app_name = "progress_exchange"
urlpatterns = [
    path("agreements/<int:pk>/export/", exports.RealisasiExportView.as_view(), name="export"),
]
