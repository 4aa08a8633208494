from django.urls import include, path

from . import views

department_patterns = [
    path("", views.DepartmentListView.as_view(), name="list"),
    path("new/", views.DepartmentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DepartmentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.DepartmentHistoryView.as_view(), name="history"),
    # the structure below the head (the cascade)
    path("<int:pk>/positions/", views.PositionListView.as_view(), name="positions"),
    path("<int:pk>/positions/new/", views.PositionCreateView.as_view(), name="position_create"),
    path("positions/<int:pk>/", views.PositionDetailView.as_view(), name="position_detail"),
    path("positions/<int:pk>/edit/", views.PositionUpdateView.as_view(), name="position_update"),
    path(
        "positions/<int:pk>/deactivate/",
        views.PositionActionView.as_view(action="deactivate"),
        name="position_deactivate",
    ),
    path("positions/<int:pk>/activate/", views.PositionActionView.as_view(action="activate"), name="position_activate"),
    path("positions/<int:pk>/delete/", views.PositionActionView.as_view(action="delete"), name="position_delete"),
    path("positions/<int:pk>/assign/", views.PositionAssignView.as_view(), name="position_assign"),
    path(
        "position-assignments/<int:pk>/end/",
        views.PositionAssignmentEndView.as_view(),
        name="position_assignment_end",
    ),
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
