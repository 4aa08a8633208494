"""REST API of the performance tree (issue 10)."""

from django.urls import path

from . import api

urlpatterns = [
    path("tree/", api.TreeView.as_view(), name="api-tree"),
]
