from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("departments", api.DepartmentViewSet, basename="api-department")
router.register("officials", api.OfficialViewSet, basename="api-official")
router.register("assignments", api.AssignmentViewSet, basename="api-assignment")
router.register("positions", api.PositionViewSet, basename="api-position")
router.register("position-assignments", api.PositionAssignmentViewSet, basename="api-position-assignment")
urlpatterns = [
    path("region/", api.RegionViewSet.as_view({"get": "retrieve", "put": "put"}), name="api-region"),
    *router.urls,
]
