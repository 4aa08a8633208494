from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import tracked


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MAYOR_OFFICE = "mayor_office", _("Mayor's office")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    BAPPEDA = "bappeda", _("Bappeda")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    JURY = "jury", _("Juror")  # an external juror of the innovation competition: sees only the rounds assigned
    # An eselon III or IV official below the head (sekretaris, kepala bidang/UPT, kepala subbagian/seksi): sees
    # their own PK and realisasi and their subordinates' (DOMAIN.md §3, the cascade).
    OFFICIAL = "official", _("Official (eselon III/IV)")


DEPARTMENT_ROLES = (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF)
# Roles that belong to one department (an official sees only their own line inside it).
ROLES_WITH_DEPARTMENT = (*DEPARTMENT_ROLES, Role.OFFICIAL)
# Roles that see every department (read or write); the others see only their own department.
CITYWIDE_ROLES = (Role.ADMIN, Role.MAYOR_OFFICE, Role.BAPPEDA, Role.INSPECTORATE)
ROLES_WITHOUT_DEPARTMENT = (Role.ADMIN, Role.MAYOR_OFFICE, Role.INSPECTORATE, Role.JURY)


class KinerjaUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


@tracked(exclude=["password", "last_login"])
class User(AbstractUser):
    """An account. Its role decides what it may do; a department role ties it to exactly one department."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    objects = KinerjaUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=~Q(role__in=ROLES_WITH_DEPARTMENT) | Q(department__isnull=False),
                name="user_department_role_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=ROLES_WITHOUT_DEPARTMENT) | Q(department__isnull=True),
                name="user_citywide_role_has_no_department",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.role in ROLES_WITH_DEPARTMENT and self.department_id is None:
            raise ValidationError(
                {"department": _("A department head, staff member or official belongs to a department.")}
            )
        if self.role in ROLES_WITHOUT_DEPARTMENT and self.department_id is not None:
            raise ValidationError(
                {"department": _("This role works for the whole region: leave the department empty.")}
            )

    @property
    def is_department_member(self) -> bool:
        return self.role in DEPARTMENT_ROLES

    @property
    def is_line_official(self) -> bool:
        """An eselon III/IV official: sees only their own line of PKs (theirs and their subordinates')."""
        return self.role == Role.OFFICIAL

    @property
    def sees_all_departments(self) -> bool:
        return self.role in CITYWIDE_ROLES


@tracked()
class SignIn(models.Model):
    """One sign-in or failed attempt (pages, the API token and the admin's), kept in the audit trail."""

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sign_ins"
    )
    username = models.CharField(_("user name given"), max_length=150)
    succeeded = models.BooleanField(_("succeeded"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["username", "-at"])]

    def __str__(self):
        outcome = _("signed in") if self.succeeded else _("failed to sign in")
        return f"{self.username}: {outcome}"
