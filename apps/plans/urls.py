from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    # RPJMD (Bappeda edits it)
    path("rpjmd/", views.RpjmdListView.as_view(), name="rpjmd_list"),
    path("rpjmd/new/", views.RpjmdItemCreateView.as_view(), {"kind": "period"}, name="rpjmd_create"),
    path("rpjmd/<int:pk>/", views.RpjmdDetailView.as_view(), name="rpjmd_detail"),
    path("rpjmd/<int:pk>/edit/", views.RpjmdItemUpdateView.as_view(), {"kind": "period"}, name="rpjmd_update"),
    path("rpjmd/<int:pk>/delete/", views.RpjmdItemDeleteView.as_view(), {"kind": "period"}, name="rpjmd_delete"),
    path("rpjmd/<slug:kind>/add/<int:parent>/", views.RpjmdItemCreateView.as_view(), name="rpjmd_item_create"),
    path("rpjmd/<slug:kind>/<int:pk>/edit/", views.RpjmdItemUpdateView.as_view(), name="rpjmd_item_update"),
    path("rpjmd/<slug:kind>/<int:pk>/delete/", views.RpjmdItemDeleteView.as_view(), name="rpjmd_item_delete"),
    # Renstra (the department edits its own; Bappeda any, and locks it)
    path("renstra/", views.RenstraListView.as_view(), name="renstra_list"),
    path("renstra/new/", views.RenstraCreateView.as_view(), name="renstra_create"),
    path("renstra/<int:pk>/", views.RenstraDetailView.as_view(), name="renstra_detail"),
    path("renstra/<int:pk>/delete/", views.RenstraDeleteView.as_view(), name="renstra_delete"),
    path("renstra/<int:pk>/lock/", views.RenstraLockView.as_view(), name="renstra_lock"),
    path("renstra/<int:pk>/unlock/", views.RenstraUnlockView.as_view(), name="renstra_unlock"),
    path("renstra/<slug:kind>/add/<int:parent>/", views.RenstraItemCreateView.as_view(), name="renstra_item_create"),
    path("renstra/<slug:kind>/<int:pk>/edit/", views.RenstraItemUpdateView.as_view(), name="renstra_item_update"),
    path("renstra/<slug:kind>/<int:pk>/delete/", views.RenstraItemDeleteView.as_view(), name="renstra_item_delete"),
]
