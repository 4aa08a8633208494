"""Excel exchange of the plans: the exports. The imports run on the shared import pages:
core:import with kind "rpjmd" or "renstra" and ?target=<period or Renstra pk> (templates at core:import_template)."""

from django.urls import path

from . import exports

app_name = "plans_exchange"
urlpatterns = [
    path("rpjmd/<int:pk>/export/", exports.RpjmdExportView.as_view(), name="rpjmd_export"),
    path("renstra/<int:pk>/export/", exports.RenstraExportView.as_view(), name="renstra_export"),
]
