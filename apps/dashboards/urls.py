from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("bappeda/", views.BappedaView.as_view(), name="bappeda"),
    path("inspectorate/", views.InspectorateView.as_view(), name="inspectorate"),
    path("departments/<int:pk>/", views.DepartmentView.as_view(), name="department"),
]
