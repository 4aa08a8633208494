"""Pages of the innovation inventory and the Indeks Inovasi Daerah (issue 6)."""

from django.urls import path

from . import views, views_dashboard, views_index, views_indicators, views_region, views_schemes

app_name = "innovations"
urlpatterns = [
    path("", views.InnovationListView.as_view(), name="list"),
    path("new/", views.InnovationCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.InnovationEditView.as_view(), name="edit"),
    path("<int:pk>/", views.InnovationDetailView.as_view(), name="detail"),
    path("<int:pk>/file/<str:which>/", views.InnovationFileView.as_view(), name="file"),
    path(
        "<int:pk>/indicators/<int:number>/evidence/",
        views.IndicatorEvidenceView.as_view(),
        name="indicator_evidence",
    ),
    path("<int:pk>/indicators/", views_indicators.InnovationIndicatorsView.as_view(), name="indicators"),
    path("region/<int:year>/", views_region.RegionIndicatorsView.as_view(), name="region"),
    path("index/<int:year>/", views_index.IndexView.as_view(), name="index"),
    path("dashboard/<int:year>/", views_dashboard.DashboardView.as_view(), name="dashboard"),
    path("schemes/", views_schemes.SchemeListView.as_view(), name="schemes"),
    path("schemes/<int:year>/", views_schemes.SchemeDetailView.as_view(), name="scheme_detail"),
    path("schemes/<int:year>/edit/", views_schemes.SchemeEditView.as_view(), name="scheme_edit"),
    path("schemes/<int:year>/delete/", views_schemes.SchemeDeleteView.as_view(), name="scheme_delete"),
    path("<int:pk>/delete/", views.InnovationDeleteView.as_view(), name="delete"),
    path("<int:pk>/submit/", views.InnovationSubmitView.as_view(), name="submit"),
    path("<int:pk>/verify/", views.InnovationVerifyView.as_view(), name="verify"),
    path("<int:pk>/return/", views.InnovationReturnView.as_view(), name="return"),
]
