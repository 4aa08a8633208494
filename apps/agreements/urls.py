from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("new/", views.AgreementCreateView.as_view(), name="create"),
    path("cascade/new/", views.AgreementCascadeCreateView.as_view(), name="cascade_create"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AgreementEditView.as_view(), name="edit"),
    path("<int:pk>/diff/", views.AgreementDiffView.as_view(), name="diff"),
    path("<int:pk>/submit/", views.AgreementSubmitView.as_view(), name="submit"),
    path("<int:pk>/return/", views.AgreementReturnView.as_view(), name="return"),
    path("<int:pk>/approve/", views.AgreementApproveView.as_view(), name="approve"),
    path("<int:pk>/sign/", views.AgreementSignView.as_view(), name="sign"),
    path("<int:pk>/amend/", views.AgreementAmendView.as_view(), name="amend"),
    path("<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="delete"),
]
