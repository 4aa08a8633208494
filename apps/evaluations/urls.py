"""Pages of the one-year deadline and the evaluation of heads (issue 7)."""

from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.FlagListView.as_view(), name="home"),
    path("list/", views.EvaluationListView.as_view(), name="list"),
    path("at-risk/", views.AtRiskView.as_view(), name="at_risk"),
    path("policy/<int:year>/", views.PolicyView.as_view(), name="policy"),
    path("open/<int:pk>/", views.EvaluationOpenView.as_view(), name="open"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="detail"),
    path("<int:pk>/follow-up/", views.EvaluationFollowUpView.as_view(), name="follow_up"),
    path("<int:pk>/decide/", views.EvaluationDecideView.as_view(), name="decide"),
    path("<int:pk>/rate/", views.EvaluationRateView.as_view(), name="rate"),
    path("<int:pk>/answer/", views.EvaluationAnswerView.as_view(), name="answer"),
    path("<int:pk>/document.pdf", views.EvaluationDocumentView.as_view(), name="document"),
]
