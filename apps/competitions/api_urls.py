"""REST API of the innovation competition (issue 9)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("competitions", api.CompetitionViewSet, basename="api-competition")
urlpatterns = [*router.urls]
