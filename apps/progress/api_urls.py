"""REST API of the quarterly realisasi and the capaian of a PK (issue 5)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("progress-reports", api.ProgressReportViewSet, basename="api-progress-report")
router.register("budget-realisations", api.BudgetRealisationViewSet, basename="api-budget-realisation")
urlpatterns = [
    *router.urls,
    path("agreements/<int:pk>/achievement/", api.AgreementAchievementView.as_view(), name="api-agreement-achievement"),
]
