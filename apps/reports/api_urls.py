"""REST API of the reports (issue 8)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("reports", api.ReportJobViewSet, basename="api-report")
urlpatterns = router.urls
