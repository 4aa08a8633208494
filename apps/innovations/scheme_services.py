"""Writes of the IID scoring schemes (DOMAIN.md §6): next year's scheme is added as data, without code.

A new scheme starts as a copy of an existing year's (its indicators, level texts and categories); its k, m, count
score, maximum, weights, level texts and categories are then edited. Whatever is saved must make a scheme the index
can use (the pure `index.Scheme` checks it: k ≥ 1, m 0–6, no duplicate indicator) and more: weights above 0, level
texts, unique category names, a category for an index of 0, and a maximum total high enough that the index cannot
exceed 100. A scheme is deleted only while nothing is entered for its year. Every change is in the audit trail.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import index
from .models import Innovation, RegionIndicator, Scheme, SchemeCategory, SchemeIndicator

PERMISSION = "innovations.scheme_manage"
SCHEME_FIELDS = ("k", "m", "count_factor", "count_cap", "max_total")
INDICATOR_FIELDS = ("name", "weight", "level_1", "level_2", "level_3", "mandatory")
CATEGORY_FIELDS = ("name", "label", "min_score", "inclusive")


def _require(user) -> None:
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


def scheme_copy(*, source: Scheme, year: int, by) -> Scheme:
    """A new scheme for `year`: a copy of `source` with its indicators and categories."""
    _require(by)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    if Scheme.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a scoring scheme for %(year)s.") % {"year": year}})
    try:
        with transaction.atomic():
            scheme = Scheme.objects.create(year=year, **{name: getattr(source, name) for name in SCHEME_FIELDS})
            SchemeIndicator.objects.bulk_create(
                SchemeIndicator(
                    scheme=scheme,
                    number=row.number,
                    part=row.part,
                    aspect=row.aspect,
                    variable=row.variable,
                    **{name: getattr(row, name) for name in INDICATOR_FIELDS},
                )
                for row in source.indicators.all()
            )
            SchemeCategory.objects.bulk_create(
                SchemeCategory(scheme=scheme, **{name: getattr(row, name) for name in CATEGORY_FIELDS})
                for row in source.categories.all()
            )
    except IntegrityError as exc:  # two people copying into the same year at once
        raise ValidationError({"year": _("There is already a scoring scheme for %(year)s.") % {"year": year}}) from exc
    return scheme


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = _("Enter a number.")
        return None


def scheme_update(
    *, scheme: Scheme, by, indicators: dict[str, dict] | None = None, categories: list[dict] | None = None, **fields
) -> Scheme:
    """Change a scheme: `fields` any of k, m, count_factor, count_cap, max_total; `indicators` the changes per
    indicator code ({"16": {"weight": 3, "level_1": "…"}}); `categories` the whole new list of categories."""
    _require(by)
    unknown = sorted(set(fields) - set(SCHEME_FIELDS))
    if unknown:
        raise TypeError(f"not scheme fields: {', '.join(unknown)}")
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        for name, value in fields.items():
            setattr(scheme, name, value)
        scheme.full_clean(exclude=["year"], validate_unique=False, validate_constraints=False)
        rows = {row.code: row for row in scheme.indicators.all()}
        errors: dict = {}
        for code, changes in (indicators or {}).items():
            row = rows.get(str(code))
            if row is None:
                errors["indicators"] = _("The scheme has no indicator %(code)s.") % {"code": code}
                continue
            for name, value in changes.items():
                if name not in INDICATOR_FIELDS:
                    raise TypeError(f"not an indicator field: {name}")
                if name == "weight":
                    value = _decimal(value, f"indicator {code}", errors)
                elif isinstance(value, str):
                    value = value.strip()
                setattr(row, name, value)
        for row in rows.values():
            if row.weight is not None and row.weight <= 0:
                errors[f"indicator {row.code}"] = _("Indicator %(code)s: the weight must be above 0.") % {
                    "code": row.code
                }
            if not all((row.level_1, row.level_2, row.level_3)):
                errors[f"indicator {row.code}"] = _("Indicator %(code)s: describe all three levels.") % {
                    "code": row.code
                }
        new_categories = None
        if categories is not None:
            new_categories = []
            for item in categories:
                minimum = _decimal(item.get("min_score"), "categories", errors)
                name = (item.get("name") or "").strip()
                if not name:
                    errors["categories"] = _("Every category needs a name.")
                new_categories.append(
                    SchemeCategory(
                        scheme=scheme,
                        name=name,
                        label=(item.get("label") or "").strip(),
                        min_score=minimum if minimum is not None else Decimal(0),
                        inclusive=bool(item.get("inclusive", True)),
                    )
                )
            names = [c.name for c in new_categories]
            if len(set(names)) != len(names):
                errors["categories"] = _("Two categories have the same name.")
            if any(c.min_score < 0 for c in new_categories):
                errors["categories"] = _("A category's minimum score cannot be below 0.")
        if errors:
            raise ValidationError(errors)
        _check_usable(
            scheme, list(rows.values()), new_categories if new_categories is not None else list(scheme.categories.all())
        )
        scheme.save()
        for row in rows.values():
            row.save()
        if new_categories is not None:
            scheme.categories.all().delete()
            SchemeCategory.objects.bulk_create(new_categories)
    return scheme


def _check_usable(scheme: Scheme, indicators: list[SchemeIndicator], categories: list[SchemeCategory]) -> None:
    """The scheme as the index would use it: built by the pure module, then checked for what it cannot see."""
    try:
        pure = index.Scheme(
            year=scheme.year,
            k=scheme.k,
            m=scheme.m,
            count_factor=scheme.count_factor,
            count_cap=scheme.count_cap,
            max_total=scheme.max_total,
            indicators=[
                index.Indicator(
                    number=row.number,
                    part=row.part,
                    aspect=row.aspect,
                    weight=row.weight,
                    levels=(row.level_1, row.level_2, row.level_3),
                )
                for row in indicators
            ],
            categories=[
                index.Category(name=c.name, min_score=c.min_score, inclusive=c.inclusive, label=c.label)
                for c in categories
            ],
        )
    except ValueError as exc:
        if "categor" in str(exc):
            raise ValidationError({"categories": _("A scheme needs at least one category.")}) from exc
        raise ValidationError(_("This scheme cannot be used: %(reason)s.") % {"reason": exc}) from exc
    if pure.category(Decimal(0)) is None:
        raise ValidationError(
            {"categories": _("An index of 0 has no category: add one from 0 with the minimum included.")}
        )
    highest = pure.spd_max + pure.innovation_max + pure.count_max
    if pure.max_total < highest:
        raise ValidationError(
            {
                "max_total": _(
                    "The maximum total must be at least %(highest)s (the SPD maximum, an innovation's maximum and "
                    "the count score's maximum), or the index could exceed 100."
                )
                % {"highest": highest.normalize()}
            }
        )


def scheme_delete(*, scheme: Scheme, by) -> None:
    """Delete a scheme nothing is entered for yet (no innovation and no region indicator of its year)."""
    _require(by)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        if (
            Innovation.objects.filter(year=scheme.year).exists()
            or RegionIndicator.objects.filter(year=scheme.year).exists()
        ):
            raise ValidationError(
                _("Innovations or region indicators are entered for %(year)s: change the scheme instead.")
                % {"year": scheme.year}
            )
        if not Scheme.objects.exclude(pk=scheme.pk).exists():
            raise ValidationError(_("The only scoring scheme cannot be deleted."))
        scheme.delete()
