"""REST API of flags, evaluations and the early warning (issue 7)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("flags", api.FlagViewSet, basename="api-flag")
router.register("evaluations", api.EvaluationViewSet, basename="api-evaluation")
urlpatterns = [
    *router.urls,
    path("at-risk/", api.AtRiskView.as_view(), name="api-at-risk"),
    path("evaluation-policies/<int:year>/", api.PolicyView.as_view(), name="api-evaluation-policy"),
]
