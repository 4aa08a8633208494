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


def scheme_for(year: int) -> index.Scheme:
    """The pure scheme of the year (from the database) in three queries."""
    row = scheme_row_for(year)
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


def index_inputs(*, year: int, verified: bool, scheme: index.Scheme) -> tuple[dict, list[index.InnovationInput]]:
    """The region levels and the innovations counted in the year's index, in three queries: self-assessed
    (`verified=False`: innovations not in draft, claimed levels) or verified (verified innovations, verified
    levels). Indicators the scheme does not know are left out."""
    field = "verified_level" if verified else "claimed_level"
    region_codes = {i.code for i in scheme.region_indicators}
    innovation_codes = {i.code for i in scheme.innovation_indicators}
    region = {}
    for number, part, level in RegionIndicator.objects.filter(year=year).values_list("number", "part", field):
        if f"{number}{part}" in region_codes:
            region[f"{number}{part}"] = level
    innovations = Innovation.objects.filter(year=year)
    innovations = innovations.filter(status=S.VERIFIED) if verified else innovations.exclude(status=S.DRAFT)
    rows = list(innovations.order_by("pk").values_list("pk", "main_affair", "affairs"))
    levels: dict[int, dict] = {pk: {} for pk, _main, _affairs in rows}
    indicators = InnovationIndicator.objects.filter(innovation_id__in=list(levels)).values_list(
        "innovation_id", "number", field
    )
    for innovation_id, number, level in indicators:
        if str(number) in innovation_codes:
            levels[innovation_id][str(number)] = level
    inputs = [
        index.InnovationInput(key=pk, levels=levels[pk], affairs=frozenset(filter(None, [main, *affairs])))
        for pk, main, affairs in rows
    ]
    return region, inputs


def index_for(year: int, verified: bool) -> index.IndexResult:
    """The IID of a year, self-assessed or verified, in a bounded number of queries (six)."""
    scheme = scheme_for(year)
    region, inputs = index_inputs(year=year, verified=verified, scheme=scheme)
    return index.regional_index(scheme=scheme, region_levels=region, innovations=inputs)
