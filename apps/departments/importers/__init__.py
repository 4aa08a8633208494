"""Excel imports of departments and of officials (with the department each one heads), on apps.core.importing.

Registered in DepartmentsConfig.ready(). Validation loads what it needs in a few queries and walks the rows in file
order, remembering what earlier rows will do: rows are applied in that order, so a later row is judged against the
state the earlier ones leave (a department renamed on line 3 frees its old name for line 9; a head moved out on line
4 frees the department for the head moved in on line 5).

The package is split by topic: common (helpers both importers share), departments (DepartmentImporter) and officials
(OfficialImporter and the parsing of pangkat and eselon).
"""

from .departments import KIND_CHOICES, DepartmentImporter
from .officials import (
    ASSIGNMENT_COLUMNS,
    ECHELON_CODE,
    RANK_CODE,
    RANK_LABELS,
    OfficialImporter,
    parse_echelon,
    parse_rank,
)

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "ECHELON_CODE",
    "KIND_CHOICES",
    "RANK_CODE",
    "RANK_LABELS",
    "DepartmentImporter",
    "OfficialImporter",
    "parse_echelon",
    "parse_rank",
]
