from axes.utils import reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from apps.core.views import FilteredListView, FormPageMixin, PermissionMixin

from .filters import UserFilter
from .forms import LoginForm, UserForm
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(PermissionMixin, auth_views.PasswordChangeView):
    permission = None
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(PermissionMixin, auth_views.PasswordChangeDoneView):
    permission = None
    template_name = "accounts/password_change_done.html"


class ProfileView(PermissionMixin, TemplateView):
    permission = None
    template_name = "accounts/profile.html"


class UserListView(FilteredListView):
    permission = "accounts.manage"
    template_name = "accounts/user_list.html"
    filterset_class = UserFilter

    def get_queryset(self):
        return User.objects.select_related("department").order_by("username")


class UserCreateView(PermissionMixin, FormPageMixin, CreateView):
    permission = "accounts.manage"
    form_class = UserForm
    page_title = gettext_lazy("New account")
    success_url = reverse_lazy("accounts:users")

    def get_cancel_url(self):
        return reverse("accounts:users")

    def form_valid(self, form):
        messages.success(self.request, _("The account is saved."))
        return super().form_valid(form)


class UserUpdateView(PermissionMixin, FormPageMixin, UpdateView):
    permission = "accounts.manage"
    form_class = UserForm
    model = User
    success_url = reverse_lazy("accounts:users")

    def get_page_title(self):
        return _("Edit account %(username)s") % {"username": self.object.username}

    def get_cancel_url(self):
        return reverse("accounts:users")

    def form_valid(self, form):
        messages.success(self.request, _("The account is saved."))
        return super().form_valid(form)


class UserUnlockView(PermissionMixin, SingleObjectMixin, View):
    """Lift the sign-in lock (django-axes) of an account after repeated failures."""

    permission = "accounts.manage"
    model = User

    def post(self, request, *args, **kwargs):
        user = self.get_object()
        reset(username=user.username)
        messages.success(request, _("Sign-in for %(username)s is unlocked.") % {"username": user.username})
        return redirect("accounts:users")
