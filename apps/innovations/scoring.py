"""Reading a year's IID scoring scheme and computing its index from the database (the formulas are the pure
`apps.innovations.index`; the rows are written by apps/innovations/services.py and the admin)."""

from . import index
from .models import Innovation, InnovationIndicator, InnovationStatus, RegionIndicator
from .models import Scheme as SchemeRow

S = InnovationStatus


class SchemeMissing(LookupError):
    """No scoring scheme for the year or any earlier year."""


# --- The scheme and the index ---------------------------------------------------------------------------------------
def scheme_row_for(year: int) -> SchemeRow:
    """The scheme of the year, or of the latest earlier year that has one."""
    row = SchemeRow.objects.filter(year__lte=year).order_by("-year").first()
    if row is None:
        raise SchemeMissing(f"no IID scoring scheme for {year} or earlier")
    return row


def _pure(row: SchemeRow) -> index.Scheme:
    return index.Scheme(
        year=row.year,
        k=row.k,
        m=row.m,
        count_factor=row.count_factor,
        count_cap=row.count_cap,
        max_total=row.max_total,
        indicators=[
            index.Indicator(
                number=i.number,
                part=i.part,
                aspect=i.aspect,
                weight=i.weight,
                levels=(i.level_1, i.level_2, i.level_3),
                name=i.name,
                variable=i.variable,
                mandatory=i.mandatory,
            )
            for i in row.indicators.all()
        ],
        categories=[
            index.Category(name=c.name, min_score=c.min_score, inclusive=c.inclusive, label=c.label)
            for c in row.categories.all()
        ],
    )


def scheme_for(year: int) -> index.Scheme:
    """The pure scheme of the year (from the database) in three queries."""
    return _pure(scheme_row_for(year))


def schemes_for(years) -> dict[int, index.Scheme | None]:
    """{year: the pure scheme scoring it, or None}: three queries whatever the number of years."""
    years = sorted(set(years))
    if not years:
        return {}
    rows = list(
        SchemeRow.objects.filter(year__lte=years[-1]).order_by("-year").prefetch_related("indicators", "categories")
    )
    pure: dict[int, index.Scheme] = {}
    result = {}
    for year in years:
        row = next((row for row in rows if row.year <= year), None)
        if row is not None and row.pk not in pure:
            pure[row.pk] = _pure(row)
        result[year] = None if row is None else pure[row.pk]
    return result


def index_inputs(*, year: int, verified: bool, scheme: index.Scheme) -> tuple[dict, list[index.InnovationInput]]:
    """The region levels and the innovations counted in the year's index, in three queries: self-assessed
    (`verified=False`: innovations not in draft, claimed levels) or verified (verified innovations, verified
    levels). Indicators the scheme does not know are left out."""
    return index_inputs_many(years_schemes={year: scheme}, verified=verified)[year]


def index_inputs_many(
    *, years_schemes: dict[int, index.Scheme], verified: bool
) -> dict[int, tuple[dict, list[index.InnovationInput]]]:
    """`index_inputs` of several years ({year: its scheme}) in three queries whatever the number of years."""
    field = "verified_level" if verified else "claimed_level"
    years = list(years_schemes)
    region_codes = {year: {i.code for i in scheme.region_indicators} for year, scheme in years_schemes.items()}
    innovation_codes = {year: {i.code for i in scheme.innovation_indicators} for year, scheme in years_schemes.items()}
    regions: dict[int, dict] = {year: {} for year in years}
    region_rows = RegionIndicator.objects.filter(year__in=years).values_list("year", "number", "part", field)
    for year, number, part, level in region_rows:
        if f"{number}{part}" in region_codes[year]:
            regions[year][f"{number}{part}"] = level
    innovations = Innovation.objects.filter(year__in=years)
    innovations = innovations.filter(status=S.VERIFIED) if verified else innovations.exclude(status=S.DRAFT)
    rows = list(innovations.order_by("pk").values_list("pk", "year", "main_affair", "affairs"))
    year_of = {pk: year for pk, year, _main, _affairs in rows}
    levels: dict[int, dict] = {pk: {} for pk in year_of}
    indicators = InnovationIndicator.objects.filter(innovation__in=innovations.values("pk")).values_list(
        "innovation_id", "number", field
    )
    for innovation_id, number, level in indicators:
        if innovation_id in levels and str(number) in innovation_codes[year_of[innovation_id]]:
            levels[innovation_id][str(number)] = level
    inputs: dict[int, list] = {year: [] for year in years}
    for pk, year, main, affairs in rows:
        inputs[year].append(
            index.InnovationInput(key=pk, levels=levels[pk], affairs=frozenset(filter(None, [main, *affairs])))
        )
    return {year: (regions[year], inputs[year]) for year in years}


def index_for(year: int, verified: bool) -> index.IndexResult:
    """The IID of a year, self-assessed or verified, in a bounded number of queries (six)."""
    scheme = scheme_for(year)
    region, inputs = index_inputs(year=year, verified=verified, scheme=scheme)
    return index.regional_index(scheme=scheme, region_levels=region, innovations=inputs)
