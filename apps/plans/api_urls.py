from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("rpjmd", api.RpjmdViewSet, basename="api-rpjmd")
router.register("renstra", api.RenstraViewSet, basename="api-renstra")
router.register("renstra-indicators", api.RenstraIndicatorViewSet, basename="api-renstra-indicator")
router.register("programs", api.ProgramViewSet, basename="api-program")
urlpatterns = router.urls
