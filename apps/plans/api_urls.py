from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
# RPJMD (Bappeda and the admin write it)
router.register("rpjmd", api.RpjmdViewSet, basename="api-rpjmd")
router.register("rpjmd-missions", api.MissionViewSet, basename="api-rpjmd-mission")
router.register("rpjmd-goals", api.GoalViewSet, basename="api-rpjmd-goal")
router.register("rpjmd-objectives", api.ObjectiveViewSet, basename="api-rpjmd-objective")
router.register("rpjmd-indicators", api.ObjectiveIndicatorViewSet, basename="api-rpjmd-indicator")
# Renstra (its department and Bappeda write it while it is not locked)
router.register("renstra", api.RenstraViewSet, basename="api-renstra")
router.register("renstra-goals", api.RenstraGoalViewSet, basename="api-renstra-goal")
router.register("strategic-objectives", api.StrategicObjectiveViewSet, basename="api-strategic-objective")
router.register("renstra-indicators", api.RenstraIndicatorViewSet, basename="api-renstra-indicator")
router.register("programs", api.ProgramViewSet, basename="api-program")
router.register("activities", api.ActivityViewSet, basename="api-activity")
router.register("sub-activities", api.SubActivityViewSet, basename="api-sub-activity")
urlpatterns = router.urls
