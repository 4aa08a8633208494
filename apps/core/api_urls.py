from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("imports/jobs", api.ImportJobViewSet, basename="api-import-job")
urlpatterns = [
    *router.urls,  # before the upload path, whose <kind> would also match "jobs"
    path("imports/<slug:kind>/", api.ImportStartView.as_view(), name="api-import-start"),
    path("trash/", api.TrashView.as_view(), name="api-trash"),
    path("trash/<slug:kind>/<int:pk>/restore/", api.RestoreView.as_view(), name="api-restore"),
]
