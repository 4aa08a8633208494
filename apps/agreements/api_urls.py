from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("agreements", api.AgreementViewSet, basename="api-agreement")
urlpatterns = router.urls
