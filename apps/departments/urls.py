from django.urls import include, path

from . import views

department_patterns = [
    path("", views.DepartmentListView.as_view(), name="list"),
    path("new/", views.DepartmentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DepartmentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.DepartmentHistoryView.as_view(), name="history"),
]

official_patterns = [
    path("", views.OfficialListView.as_view(), name="list"),
    path("new/", views.OfficialCreateView.as_view(), name="create"),
    path("<int:pk>/", views.OfficialDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OfficialUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.OfficialHistoryView.as_view(), name="history"),
    path("<int:pk>/assign/", views.AssignmentCreateView.as_view(), name="assign"),
    path("assignments/<int:pk>/end/", views.AssignmentEndView.as_view(), name="assignment_end"),
]

urlpatterns = [
    path("region/", views.RegionView.as_view(), name="region"),
    path("region/logo/", views.RegionLogoView.as_view(), name="region_logo"),
    path("departments/", include((department_patterns, "departments"))),
    path("officials/", include((official_patterns, "officials"))),
]
