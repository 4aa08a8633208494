"""Reads of the reports, scoped to the user who asks.

A department role has reports of its own department only (another department answers 404); the city-wide roles
have every department's, and with `reports.region` the whole region's. A background job is seen by the user who
asked for it, and only while that report is still theirs to have.
"""

from django.db.models import QuerySet

from apps.departments.models import Department
from apps.departments.selectors import departments_for

from .models import ReportJob


def report_departments_for(user) -> QuerySet[Department]:
    """The departments whose reports the user may have."""
    return departments_for(user).filter(is_active=True).order_by("code")


def may_have_report(user, department: Department | None) -> bool:
    """Whether the user may have a report of `department` (None: the whole region) right now."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm("reports.view")):
        return False
    if department is None:
        return user.has_perm("reports.region")
    return report_departments_for(user).filter(pk=department.pk).exists()


def report_jobs_for(user) -> QuerySet[ReportJob]:
    """The user's own report jobs, newest first (nobody sees another user's)."""
    if not user.is_authenticated:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(requested_by=user).select_related("department")
