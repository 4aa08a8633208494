"""Objects the evaluation tests need: a head with a signed PK of a year, its reports and its department's
innovation, made with the ORM (no workflow)."""

import datetime
from decimal import Decimal

from apps.accounts.models import Role
from apps.departments.models import DepartmentKind
from apps.innovations.models import Innovation

from .factories import AssignmentFactory, DepartmentFactory, OfficialFactory, UserFactory
from .factories_innovations import profile
from .factories_scores import indicators_of, make_report, make_scored_agreement

TWO_INDICATORS = [[{"target": "100", "aggregation": "last"}, {"target": "100", "aggregation": "sum"}]]


def make_head(department=None, *, echelon="II.b", start=datetime.date(2024, 1, 2), user=True, **official):
    """An official assigned to head the department (a new department unless given), with a head's account."""
    department = department or DepartmentFactory(
        kind=DepartmentKind.KECAMATAN if echelon == "III.a" else DepartmentKind.DINAS
    )
    person = OfficialFactory(echelon=echelon, **official)
    AssignmentFactory(official=person, department=department, start_date=start)
    if user:
        person.user = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
        person.save(update_fields=["user"])
    return person


def make_head_agreement(
    official=None,
    *,
    year=2025,
    quarters=(1, 2, 3, 4),
    values=("95", "25"),
    innovation=True,
    objectives=TWO_INDICATORS,
):
    """A signed PK of `year` of the official's department with verified reports of `quarters`: each indicator
    reports its value of `values` every quarter (the `sum` one reports a quarter of its target by default, so a
    full year gives 100). With `innovation`, the department has one at stage `penerapan` that year."""
    official = official or make_head()
    department = official.assignments.get().department
    agreement = make_scored_agreement(department, objectives, year=year, official=official)
    verifier = UserFactory(role=Role.BAPPEDA)
    for indicator, value in zip(indicators_of(agreement), values, strict=False):
        for quarter in quarters:
            make_report(indicator, quarter, value, by=verifier)
    if innovation:
        make_department_innovation(department, year=year, by=verifier)
    return agreement


def make_department_innovation(department, *, year, by, stage="penerapan", status="submitted"):
    fields = profile(
        name=f"Inovasi {department.short_name} {year} {stage}",
        stage=stage,
        trial_date=datetime.date(year, 2, 1),
        implementation_date=datetime.date(year, 6, 1) if stage == "penerapan" else None,
    )
    fields.pop("affairs")
    return Innovation.objects.create(department=department, year=year, status=status, created_by=by, **fields)


def percent(value) -> Decimal:
    return Decimal(str(value))
