"""Government affairs (urusan pemerintahan, UU 23/2014 Ps 11–12 and the supporting functions) by code.

An innovation names its main affair and the affairs it overlaps with. The first six are the basic-service affairs
(urusan wajib pelayanan dasar) that the count score of the IID asks the innovations to cover (DOMAIN.md §6); their
codes are those of `apps.innovations.index.BASIC_AFFAIR_CODES`.
"""

from django.utils.translation import gettext_lazy as _

from .index import BASIC_AFFAIR_CODES

AFFAIRS = (
    # Wajib, pelayanan dasar
    ("education", _("Education")),
    ("health", _("Health")),
    ("public_works", _("Public works and spatial planning")),
    ("housing", _("Public housing and settlement areas")),
    ("public_order", _("Public order, peace and community protection")),
    ("social", _("Social affairs")),
    # Wajib, non pelayanan dasar
    ("labour", _("Manpower")),
    ("women_child", _("Women's empowerment and child protection")),
    ("food", _("Food")),
    ("land", _("Land")),
    ("environment", _("Environment")),
    ("population_registry", _("Population administration and civil registration")),
    ("village_community", _("Community and village empowerment")),
    ("family_planning", _("Population control and family planning")),
    ("transport", _("Transportation")),
    ("communication", _("Communication and informatics")),
    ("cooperatives_smes", _("Cooperatives and small and medium enterprises")),
    ("investment", _("Investment")),
    ("youth_sports", _("Youth and sports")),
    ("statistics", _("Statistics")),
    ("cryptography", _("Cryptography")),
    ("culture", _("Culture")),
    ("library", _("Libraries")),
    ("archives", _("Archives")),
    # Pilihan
    ("fisheries", _("Marine affairs and fisheries")),
    ("tourism", _("Tourism")),
    ("agriculture", _("Agriculture")),
    ("forestry", _("Forestry")),
    ("energy_minerals", _("Energy and mineral resources")),
    ("trade", _("Trade")),
    ("industry", _("Industry")),
    ("transmigration", _("Transmigration")),
    # Supporting and other functions
    ("governance_support", _("Government support functions (secretariat, planning, finance, staffing)")),
    ("supervision", _("Supervision (inspectorate)")),
    ("research", _("Research and innovation")),
    ("general_government", _("General government affairs")),
)
AFFAIR_CODES = tuple(code for code, _label in AFFAIRS)
AFFAIR_LABELS = dict(AFFAIRS)

if AFFAIR_CODES[: len(BASIC_AFFAIR_CODES)] != BASIC_AFFAIR_CODES:  # pragma: no cover - a guard for editors
    raise RuntimeError("AFFAIRS must start with the basic-service affairs of index.BASIC_AFFAIR_CODES")


def is_basic(code: str) -> bool:
    return code in BASIC_AFFAIR_CODES
