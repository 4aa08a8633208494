"""REST API of the innovations and the Indeks Inovasi Daerah (issue 6): the same selectors (scoping), services
(workflow, checks) and permissions as the pages; the index from apps/innovations/scoring.py.

Errors, as for the PK: an illegal step, an edit of an innovation that is no longer editable or an edit over someone
else's newer save (`row_version`) is 409 with `detail`; a role that may not act is 403 (a department sending a
`verified_level`, Bappeda sending a `claimed_level`); another department's unverified innovation is 404; bad data is
400 with the service's field errors. Decimals travel as strings with a dot ("42.82").

Indicator codes: an innovation indicator's `number` is its number, 16–35. A region indicator's (and a scheme
indicator's) `number` is a string code: the number with its sub-part where the indicator has parts ("1", "2a", "5b").

Evidence of an innovation indicator is an object `{"file", "url", "text"}`: `file` is the URL of the permission-
checked download (`…/indicators/{number}/evidence/`) or null; `url` and `text` are strings ("" when none). A PATCH
sets `url` and `text`; a file is uploaded with a multipart POST of `file` to that download's path (DELETE removes
it). The budget and business profile files likewise: PUT or DELETE `…/innovations/{id}/files/{budget|profile}/`.

Scoring schemes: `POST /innovation-schemes/` `{"year", "copy_from"}` adds a year's scheme as a copy; a PATCH of
`/innovation-schemes/{year}/` (that exact year) changes its figures, indicators (by code) and categories (the whole
list); Bappeda and the admin only.
"""

from .innovations import InnovationViewSet
from .years import IndexView, RegionIndicatorsView, SchemeListView, SchemeView

__all__ = ["IndexView", "InnovationViewSet", "RegionIndicatorsView", "SchemeListView", "SchemeView"]
