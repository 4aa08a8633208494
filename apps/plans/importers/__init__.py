"""Excel imports of the plan cascade (DOMAIN.md §2) on apps.core.importing: the RPJMD of a period and a department's
Renstra. Registered in PlansConfig.ready(); the exports (apps/plans/exports.py) write the same workbooks, so an
export re-imports with no change.

Both import INTO one object chosen on the page (the importer's target): the RPJMD period, the Renstra. Rows are
upserted by their natural keys (misi number, tujuan/sasaran codes, the indicator's name within its sasaran; program,
kegiatan and sub kegiatan codes); nothing is removed, and an empty optional cell keeps what is stored.

The package is split by topic: common (numbers, targets, polarity and aggregation words, year columns, an
indicator's columns, PlanImporter with what both importers do), rpjmd (RpjmdImporter), and renstra (RenstraImporter)
with one module per sheet: renstra_indicators and renstra_programs.
"""

from .common import AGGREGATION_WORDS, POLARITY_WORDS, parse_target, target_cell
from .renstra import INDICATOR_SHEET, PROGRAM_SHEET, RenstraImporter
from .rpjmd import RpjmdImporter

__all__ = [
    "AGGREGATION_WORDS",
    "INDICATOR_SHEET",
    "POLARITY_WORDS",
    "PROGRAM_SHEET",
    "RenstraImporter",
    "RpjmdImporter",
    "parse_target",
    "target_cell",
]
