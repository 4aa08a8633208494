from django.urls import path

from . import views

app_name = "tree"
urlpatterns = [
    path("", views.TreeView.as_view(), name="page"),
    path("pdf/", views.TreePdfView.as_view(), name="pdf"),
]
