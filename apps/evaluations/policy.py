"""What "target met" means in a year (DOMAIN.md §5): the year's EvaluationPolicy row, else the settings."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from .models import EvaluationPolicy


@dataclass(frozen=True)
class Policy:
    year: int
    threshold: Decimal
    above_expectation: Decimal
    require_all_quarters: bool = True
    require_innovation: bool = True


def default_policy(year: int) -> Policy:
    return Policy(
        year=year,
        threshold=Decimal(settings.EVALUATION_ACHIEVEMENT_THRESHOLD),
        above_expectation=Decimal(settings.EVALUATION_ABOVE_EXPECTATION),
    )


def _from_row(row: EvaluationPolicy) -> Policy:
    return Policy(
        year=row.year,
        threshold=row.threshold,
        above_expectation=row.above_expectation,
        require_all_quarters=row.require_all_quarters,
        require_innovation=row.require_innovation,
    )


def policies_for(years) -> dict[int, Policy]:
    """{year: Policy} for the given years, in one query."""
    years = set(years)
    found = {row.year: _from_row(row) for row in EvaluationPolicy.objects.filter(year__in=years)}
    return {year: found.get(year) or default_policy(year) for year in years}


def policy_for(year: int) -> Policy:
    return policies_for([year])[year]
