"""REST API of the innovations and the Indeks Inovasi Daerah (issue 6)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("innovations", api.InnovationViewSet, basename="api-innovation")
urlpatterns = [
    *router.urls,
    path("region-indicators/<int:year>/", api.RegionIndicatorsView.as_view(), name="api-region-indicators"),
    path("innovation-schemes/", api.SchemeListView.as_view(), name="api-innovation-schemes"),
    path("innovation-schemes/<int:year>/", api.SchemeView.as_view(), name="api-innovation-scheme"),
    path("innovation-index/<int:year>/", api.IndexView.as_view(), name="api-innovation-index"),
]
