"""Deleted PK drafts for the admin's restore page (apps/core/trash.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.trash import Deleted

from . import services
from .models import Agreement

KIND = "agreement"
LABEL = _("Perjanjian Kinerja")


def deleted() -> list[Deleted]:
    rows = Agreement.with_deleted.filter(deleted_at__isnull=False).select_related(
        "department", "official", "position", "deleted_by"
    )
    return [
        Deleted(
            kind=KIND,
            pk=row.pk,
            label=f"{row} · {row.official.name}",
            department=row.department.short_name or row.department.name,
            deleted_at=row.deleted_at,
            deleted_by=str(row.deleted_by),
        )
        for row in rows.order_by("-deleted_at")[:500]
    ]


def restore(pk: int, by) -> str:
    """Restore; the URL of the restored object."""
    return reverse("agreements:detail", args=[services.agreement_restore(agreement_id=pk, by=by).pk])
