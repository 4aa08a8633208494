"""Demo data of Pemerintah Kota Banjarbaru and the service that loads it (`manage.py load_demo`).

Everything here is fictional except the shape of the organisation: the departments follow Banjarbaru's perangkat
daerah, the codes follow the SIPD unit code format, the officials and their NIPs are invented but valid
(DOMAIN.md §1). The load is idempotent: every row is found by its natural key (Region pk 1, Department.code,
Official.nip, User.username, Assignment (official, department, start_date)) and saved only when a value differs,
so a second run writes nothing and records no history.

Later issues add their own demo data by appending a step to `STEPS`: a function that takes the `DemoRun` and
calls `run.upsert(...)` (or `run.record(...)`) for every row it loads.
"""

import datetime
import importlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.models import Role, User
from apps.core.audit import audit_context

from .models import Assignment, AssignmentKind, Department, DepartmentKind, Echelon, Official, Rank, Region

D = datetime.date

DEMO_PASSWORD = "kinerja-demo-2026"  # noqa: S105 -- the published password of the demo accounts
EMAIL_DOMAIN = "banjarbarukota.go.id"

# ---------------------------------------------------------------------------------------------------------------
# The region
# ---------------------------------------------------------------------------------------------------------------

REGION = {
    "name": "Pemerintah Kota Banjarbaru",
    "seat": "Banjarbaru",
    "code": "63.72",
    "head_title": "Wali Kota",
    "head_name": "H. Ahmad Fauzan Rasyidi, S.T., M.M.",  # fictional
    "time_zone": "Asia/Makassar",
}

# ---------------------------------------------------------------------------------------------------------------
# The perangkat daerah: (SIPD unit code, name, short name, kind)
# ---------------------------------------------------------------------------------------------------------------

K = DepartmentKind


@dataclass(frozen=True)
class DemoDepartment:
    code: str
    name: str
    short_name: str
    kind: str


DEPARTMENTS = [
    DemoDepartment("1.01.0.00.0.00.01.0000", "Dinas Pendidikan", "Disdik", K.DINAS),
    DemoDepartment("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes", K.DINAS),
    DemoDepartment("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Idaman", "RSUD Idaman", K.OTHER),
    DemoDepartment("1.03.0.00.0.00.01.0000", "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", K.DINAS),
    DemoDepartment("1.04.0.00.0.00.01.0000", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim", K.DINAS),
    DemoDepartment("1.05.0.00.0.00.01.0000", "Satuan Polisi Pamong Praja", "Satpol PP", K.SATPOL_PP),
    DemoDepartment("1.05.0.00.0.00.02.0000", "Badan Penanggulangan Bencana Daerah", "BPBD", K.BADAN),
    DemoDepartment("1.06.0.00.0.00.01.0000", "Dinas Sosial", "Dinsos", K.DINAS),
    DemoDepartment(
        "2.08.2.14.0.00.01.0000",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
        "DP3AKB",
        K.DINAS,
    ),
    DemoDepartment("2.09.3.27.3.25.01.0000", "Dinas Ketahanan Pangan, Pertanian dan Perikanan", "DKP3", K.DINAS),
    DemoDepartment("2.11.0.00.0.00.01.0000", "Dinas Lingkungan Hidup", "DLH", K.DINAS),
    DemoDepartment("2.12.0.00.0.00.01.0000", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", K.DINAS),
    DemoDepartment("2.15.0.00.0.00.01.0000", "Dinas Perhubungan", "Dishub", K.DINAS),
    DemoDepartment("2.16.2.20.2.21.01.0000", "Dinas Komunikasi dan Informatika", "Diskominfo", K.DINAS),
    DemoDepartment(
        "2.17.2.07.0.00.01.0000",
        "Dinas Koperasi, Usaha Kecil dan Menengah dan Tenaga Kerja",
        "Diskopukmnaker",
        K.DINAS,
    ),
    DemoDepartment(
        "2.18.0.00.0.00.01.0000",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        K.DINAS,
    ),
    DemoDepartment(
        "2.19.2.22.3.26.01.0000",
        "Dinas Pemuda, Olahraga, Kebudayaan dan Pariwisata",
        "Disporabudpar",
        K.DINAS,
    ),
    DemoDepartment("2.23.2.24.0.00.01.0000", "Dinas Perpustakaan dan Kearsipan", "Dispersip", K.DINAS),
    DemoDepartment("3.30.0.00.0.00.01.0000", "Dinas Perdagangan", "Disdag", K.DINAS),
    DemoDepartment("4.01.0.00.0.00.01.0000", "Sekretariat Daerah", "Setda", K.SEKRETARIAT),
    DemoDepartment("4.02.0.00.0.00.01.0000", "Sekretariat DPRD", "Setwan", K.SEKRETARIAT),
    DemoDepartment(
        "5.01.5.05.0.00.01.0000",
        "Badan Perencanaan, Penelitian dan Pengembangan Daerah",
        "Bappeda",
        K.BADAN,
    ),
    DemoDepartment(
        "5.02.0.00.0.00.01.0000",
        "Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah",
        "BPKPAD",
        K.BADAN,
    ),
    DemoDepartment(
        "5.03.5.04.0.00.01.0000",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        K.BADAN,
    ),
    DemoDepartment("6.01.0.00.0.00.01.0000", "Inspektorat", "Inspektorat", K.INSPEKTORAT),
    DemoDepartment("7.01.0.00.0.00.01.0000", "Kecamatan Banjarbaru Utara", "Kec. Banjarbaru Utara", K.KECAMATAN),
    DemoDepartment("7.01.0.00.0.00.02.0000", "Kecamatan Banjarbaru Selatan", "Kec. Banjarbaru Selatan", K.KECAMATAN),
    DemoDepartment("7.01.0.00.0.00.03.0000", "Kecamatan Cempaka", "Kec. Cempaka", K.KECAMATAN),
    DemoDepartment("7.01.0.00.0.00.04.0000", "Kecamatan Landasan Ulin", "Kec. Landasan Ulin", K.KECAMATAN),
    DemoDepartment("7.01.0.00.0.00.05.0000", "Kecamatan Liang Anggang", "Kec. Liang Anggang", K.KECAMATAN),
    DemoDepartment("8.01.0.00.0.00.01.0000", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", K.BADAN),
]

# ---------------------------------------------------------------------------------------------------------------
# The officials (fictional). The NIP is built from the person: birth date, TMT CPNS (at 23–30), sex, sequence.
# Heads are born 1966–1980 and below their retirement age (60 for JPT, 58 for a Camat) on the day of writing.
# ---------------------------------------------------------------------------------------------------------------

MALE, FEMALE = 1, 2
R, E = Rank, Echelon


@dataclass(frozen=True)
class DemoOfficial:
    key: str  # a handle inside this module only; the natural key in the database is the NIP
    name: str
    sex: int
    birth: datetime.date
    tmt: tuple[int, int]  # TMT CPNS (year, month)
    seq: int
    rank: str
    echelon: str
    is_active: bool = True  # False: left the Pemkot (moved to the province)

    @property
    def nip(self) -> str:
        return f"{self.birth:%Y%m%d}{self.tmt[0]:04d}{self.tmt[1]:02d}{self.sex}{self.seq:03d}"


OFFICIALS = [
    DemoOfficial("sekda", "Dr. H. Gusti Rahmadi Noor, M.Si.", MALE, D(1969, 8, 17), (1994, 3), 1, R.IV_D, E.II_A),
    DemoOfficial("setwan", "H. Akhmad Rizani, S.Sos., M.AP.", MALE, D(1972, 2, 9), (1998, 3), 1, R.IV_B, E.II_B),
    DemoOfficial(
        "inspektur", "Hj. Noorhayati, S.E., M.Si., Ak.", FEMALE, D(1970, 5, 23), (1996, 12), 2, R.IV_C, E.II_B
    ),
    DemoOfficial("bappeda", "Ir. Hj. Mardiana Sari, M.T.", FEMALE, D(1973, 11, 2), (1999, 4), 2, R.IV_B, E.II_B),
    DemoOfficial("disdik", "Dr. H. Muhammad Yani, M.Pd.", MALE, D(1971, 6, 15), (1996, 3), 1, R.IV_C, E.II_B),
    DemoOfficial(
        "dinkes", "dr. Hj. Siti Rahmah Fitriani, M.Kes.", FEMALE, D(1975, 9, 21), (2002, 6), 2, R.IV_B, E.II_B
    ),
    DemoOfficial(
        "dinkes-lama", "dr. H. Rusdiansyah, M.P.H.", MALE, D(1968, 4, 30), (1996, 10), 1, R.IV_C, E.II_B, False
    ),
    DemoOfficial("rsud", "dr. H. Agus Salim Hamdan, Sp.PD.", MALE, D(1975, 3, 18), (2004, 2), 1, R.IV_B, E.II_B),
    DemoOfficial("pupr", "Ir. H. Khairil Anwar, M.T.", MALE, D(1970, 1, 19), (1997, 2), 1, R.IV_C, E.II_B),
    DemoOfficial("disperkim", "H. Ahmad Syarifuddin, S.T., M.T.", MALE, D(1974, 3, 8), (2000, 12), 1, R.IV_B, E.II_B),
    DemoOfficial("satpolpp", "H. Hamdani, S.Sos., M.M.", MALE, D(1971, 12, 1), (1997, 3), 1, R.IV_B, E.II_B),
    DemoOfficial("bpbd", "H. Zainal Arifin, S.Sos., M.Si.", MALE, D(1969, 10, 25), (1995, 3), 1, R.IV_B, E.II_B),
    DemoOfficial("dinsos", "Hj. Rina Hermawati, S.Sos., M.Si.", FEMALE, D(1976, 7, 14), (2003, 1), 2, R.IV_A, E.II_B),
    DemoOfficial("dp3akb", "Hj. Siti Aminah, S.Psi., M.Si.", FEMALE, D(1977, 4, 4), (2003, 12), 2, R.IV_A, E.II_B),
    DemoOfficial("dkp3", "Ir. Hj. Noorlatifah, M.P.", FEMALE, D(1971, 9, 5), (1998, 3), 2, R.IV_B, E.II_B),
    DemoOfficial("dlh", "Dr. Ir. H. Rusmin Hidayat, M.P.", MALE, D(1970, 8, 3), (1997, 3), 1, R.IV_C, E.II_B),
    DemoOfficial("disdukcapil", "Hj. Hairiyah, S.H., M.H.", FEMALE, D(1972, 4, 17), (1998, 11), 2, R.IV_B, E.II_B),
    DemoOfficial("dishub", "H. Iwan Setiawan, S.T., M.Si.", MALE, D(1975, 2, 11), (2001, 3), 1, R.IV_A, E.II_B),
    DemoOfficial("diskominfo", "Abdul Basit, S.Kom., M.T.", MALE, D(1978, 5, 9), (2005, 1), 1, R.IV_A, E.II_B),
    DemoOfficial("diskop", "H. Syaiful Anwar, S.E., M.M.", MALE, D(1971, 3, 27), (1998, 3), 1, R.IV_B, E.II_B),
    DemoOfficial("dpmptsp", "H. Taufik Rahman, S.E., M.Si.", MALE, D(1974, 12, 19), (2001, 1), 1, R.IV_B, E.II_B),
    DemoOfficial("dispora", "H. Fahrurrazi, S.Pd., M.Pd.", MALE, D(1976, 10, 10), (2003, 12), 1, R.IV_A, E.II_B),
    DemoOfficial("dispersip", "Hj. Isnaini, S.Sos., M.AP.", FEMALE, D(1973, 1, 30), (1999, 3), 2, R.IV_B, E.II_B),
    DemoOfficial(
        "disdag-lama", "H. Rahmat Hidayatullah, S.E., M.Si.", MALE, D(1968, 11, 11), (1995, 3), 1, R.IV_B, E.II_B, False
    ),
    DemoOfficial("bpkpad", "H. Muhammad Ridwan, S.E., M.Ak., Ak.", MALE, D(1972, 7, 7), (1998, 3), 1, R.IV_C, E.II_B),
    DemoOfficial("bkpsdm", "Hj. Nurul Hidayah, S.Sos., M.Si.", FEMALE, D(1974, 6, 12), (2000, 3), 2, R.IV_B, E.II_B),
    DemoOfficial("kesbangpol", "Drs. H. Ahmad Yusran, M.Si.", MALE, D(1969, 2, 22), (1994, 3), 1, R.IV_B, E.II_B),
    DemoOfficial(
        "camat-bbu", "Muhammad Fadli Rahman, S.STP., M.Si.", MALE, D(1980, 1, 14), (2003, 3), 1, R.IV_A, E.III_A
    ),
    DemoOfficial("camat-bbs", "Hj. Rahmawati, S.STP., M.AP.", FEMALE, D(1979, 5, 29), (2002, 12), 2, R.III_D, E.III_A),
    DemoOfficial("camat-cempaka", "Gusti Muhammad Irfan, S.Sos.", MALE, D(1977, 8, 8), (2003, 1), 1, R.III_D, E.III_A),
    DemoOfficial("camat-lu", "H. Rizky Maulana, S.STP., M.Si.", MALE, D(1978, 12, 3), (2002, 3), 1, R.IV_A, E.III_A),
    DemoOfficial("camat-la", "Norhasanah, S.Sos., M.M.", FEMALE, D(1976, 2, 16), (2001, 12), 2, R.III_D, E.III_A),
]

# ---------------------------------------------------------------------------------------------------------------
# Assignments: who heads which department since when (SK of the Wali Kota, signed a few days before).
# History: Bappeda's previous head became Sekda; Dinkes' previous head moved to the province; Disdag's definitive
# head moved to the province too and the Kepala Diskopukmnaker is Plt there since.
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAssignment:
    official: str  # DemoOfficial.key
    department: str  # DemoDepartment.short_name
    position_title: str
    start: datetime.date
    sk_number: str
    sk_date: datetime.date
    kind: str = AssignmentKind.DEFINITIVE
    end: datetime.date | None = None


def _a(official, department, title, start, sk, sk_date, **kwargs):
    return DemoAssignment(official, department, title, start, sk, sk_date, **kwargs)


# fmt: off
ASSIGNMENTS = [
    # Previous heads (history).
    _a(
        "sekda", "Bappeda", "Kepala Badan Perencanaan, Penelitian dan Pengembangan Daerah",
        D(2020, 1, 6), "821.2/004/BKPSDM/2020", D(2019, 12, 30), end=D(2023, 5, 7),
    ),
    _a(
        "dinkes-lama", "Dinkes", "Kepala Dinas Kesehatan",
        D(2020, 7, 6), "821.2/152/BKPSDM/2020", D(2020, 7, 1), end=D(2024, 1, 14),
    ),
    _a(
        "disdag-lama", "Disdag", "Kepala Dinas Perdagangan",
        D(2022, 3, 14), "821.2/062/BKPSDM/2022", D(2022, 3, 9), end=D(2025, 8, 31),
    ),
    # Current heads.
    _a("sekda", "Setda", "Sekretaris Daerah", D(2023, 5, 8), "821.2/118/BKPSDM/2023", D(2023, 5, 3)),
    _a("setwan", "Setwan", "Sekretaris DPRD", D(2022, 9, 12), "821.2/214/BKPSDM/2022", D(2022, 9, 7)),
    _a("inspektur", "Inspektorat", "Inspektur", D(2022, 3, 14), "821.2/061/BKPSDM/2022", D(2022, 3, 9)),
    _a(
        "bappeda", "Bappeda", "Kepala Badan Perencanaan, Penelitian dan Pengembangan Daerah",
        D(2023, 5, 8), "821.2/119/BKPSDM/2023", D(2023, 5, 3),
    ),
    _a("disdik", "Disdik", "Kepala Dinas Pendidikan", D(2024, 2, 5), "821.2/045/BKPSDM/2024", D(2024, 2, 1)),
    _a("dinkes", "Dinkes", "Kepala Dinas Kesehatan", D(2024, 1, 15), "821.2/012/BKPSDM/2024", D(2024, 1, 10)),
    _a(
        "rsud", "RSUD Idaman", "Direktur Rumah Sakit Umum Daerah Idaman",
        D(2025, 3, 10), "821.2/072/BKPSDM/2025", D(2025, 3, 5),
    ),
    _a(
        "pupr", "PUPR", "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        D(2022, 6, 20), "821.2/150/BKPSDM/2022", D(2022, 6, 15),
    ),
    _a(
        "disperkim", "Disperkim", "Kepala Dinas Perumahan dan Kawasan Permukiman",
        D(2023, 1, 9), "821.2/003/BKPSDM/2023", D(2023, 1, 4),
    ),
    _a(
        "satpolpp", "Satpol PP", "Kepala Satuan Polisi Pamong Praja",
        D(2022, 11, 7), "821.2/262/BKPSDM/2022", D(2022, 11, 2),
    ),
    _a(
        "bpbd", "BPBD", "Kepala Pelaksana Badan Penanggulangan Bencana Daerah",
        D(2022, 6, 20), "821.2/151/BKPSDM/2022", D(2022, 6, 15),
    ),
    _a("dinsos", "Dinsos", "Kepala Dinas Sosial", D(2024, 6, 3), "821.2/131/BKPSDM/2024", D(2024, 5, 29)),
    _a(
        "dp3akb", "DP3AKB", "Kepala Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
        D(2025, 1, 6), "821.2/005/BKPSDM/2025", D(2025, 1, 2),
    ),
    _a(
        "dkp3", "DKP3", "Kepala Dinas Ketahanan Pangan, Pertanian dan Perikanan",
        D(2022, 1, 10), "821.2/009/BKPSDM/2022", D(2022, 1, 5),
    ),
    _a("dlh", "DLH", "Kepala Dinas Lingkungan Hidup", D(2022, 1, 10), "821.2/008/BKPSDM/2022", D(2022, 1, 5)),
    _a(
        "disdukcapil", "Disdukcapil", "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        D(2023, 8, 14), "821.2/205/BKPSDM/2023", D(2023, 8, 9),
    ),
    _a("dishub", "Dishub", "Kepala Dinas Perhubungan", D(2025, 3, 10), "821.2/071/BKPSDM/2025", D(2025, 3, 5)),
    _a(
        "diskominfo", "Diskominfo", "Kepala Dinas Komunikasi dan Informatika",
        D(2024, 9, 2), "821.2/214/BKPSDM/2024", D(2024, 8, 28),
    ),
    _a(
        "diskop", "Diskopukmnaker", "Kepala Dinas Koperasi, Usaha Kecil dan Menengah dan Tenaga Kerja",
        D(2022, 9, 12), "821.2/215/BKPSDM/2022", D(2022, 9, 7),
    ),
    _a(
        "dpmptsp", "DPMPTSP", "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        D(2023, 5, 8), "821.2/120/BKPSDM/2023", D(2023, 5, 3),
    ),
    _a(
        "dispora", "Disporabudpar", "Kepala Dinas Pemuda, Olahraga, Kebudayaan dan Pariwisata",
        D(2024, 6, 3), "821.2/132/BKPSDM/2024", D(2024, 5, 29),
    ),
    _a(
        "dispersip", "Dispersip", "Kepala Dinas Perpustakaan dan Kearsipan",
        D(2023, 1, 9), "821.2/004/BKPSDM/2023", D(2023, 1, 4),
    ),
    _a(
        "diskop", "Disdag", "Plt. Kepala Dinas Perdagangan",
        D(2025, 9, 1), "800.1.11.1/233/BKPSDM/2025", D(2025, 8, 28), kind=AssignmentKind.PLT,
    ),
    _a(
        "bpkpad", "BPKPAD", "Kepala Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah",
        D(2022, 3, 14), "821.2/063/BKPSDM/2022", D(2022, 3, 9),
    ),
    _a(
        "bkpsdm", "BKPSDM", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        D(2023, 8, 14), "821.2/206/BKPSDM/2023", D(2023, 8, 9),
    ),
    _a(
        "kesbangpol", "Kesbangpol", "Kepala Badan Kesatuan Bangsa dan Politik",
        D(2022, 11, 7), "821.2/263/BKPSDM/2022", D(2022, 11, 2),
    ),
    _a(
        "camat-bbu", "Kec. Banjarbaru Utara", "Camat Banjarbaru Utara",
        D(2024, 2, 5), "821.2/046/BKPSDM/2024", D(2024, 2, 1),
    ),
    _a(
        "camat-bbs", "Kec. Banjarbaru Selatan", "Camat Banjarbaru Selatan",
        D(2023, 8, 14), "821.2/207/BKPSDM/2023", D(2023, 8, 9),
    ),
    _a("camat-cempaka", "Kec. Cempaka", "Camat Cempaka", D(2022, 9, 12), "821.2/216/BKPSDM/2022", D(2022, 9, 7)),
    _a(
        "camat-lu", "Kec. Landasan Ulin", "Camat Landasan Ulin",
        D(2025, 1, 6), "821.2/006/BKPSDM/2025", D(2025, 1, 2),
    ),
    _a(
        "camat-la", "Kec. Liang Anggang", "Camat Liang Anggang",
        D(2023, 1, 9), "821.2/005/BKPSDM/2023", D(2023, 1, 4),
    ),
]
# fmt: on

# ---------------------------------------------------------------------------------------------------------------
# Accounts (password DEMO_PASSWORD, e-mail username@banjarbarukota.go.id)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    first_name: str
    last_name: str
    department: str | None = None  # DemoDepartment.short_name
    official: str | None = None  # DemoOfficial.key of the official this account belongs to
    is_superuser: bool = False


ACCOUNTS = [
    DemoAccount("admin", Role.ADMIN, "Administrator", "Kinerja", is_superuser=True),
    DemoAccount("walikota", Role.MAYOR_OFFICE, "Ahmad Fauzan", "Rasyidi"),
    DemoAccount("organisasi", Role.MAYOR_OFFICE, "Yuliana", "Safitri"),
    DemoAccount("bappeda", Role.BAPPEDA, "Fitri", "Handayani", department="Bappeda"),
    DemoAccount("inspektorat", Role.INSPECTORATE, "Hendra", "Gunawan"),
    DemoAccount("kadis-pendidikan", Role.DEPARTMENT_HEAD, "Muhammad", "Yani", department="Disdik", official="disdik"),
    DemoAccount("staf-pendidikan", Role.DEPARTMENT_STAFF, "Nor", "Aulia", department="Disdik"),
    DemoAccount(
        "kadis-kesehatan", Role.DEPARTMENT_HEAD, "Siti Rahmah", "Fitriani", department="Dinkes", official="dinkes"
    ),
]

# ---------------------------------------------------------------------------------------------------------------
# The loading service
# ---------------------------------------------------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class DemoRun:
    """One run of the loader: counts what each step did and reports it to `stdout` (if given)."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: {CREATED: 0, UPDATED: 0, UNCHANGED: 0})

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def record(self, model: type[models.Model], outcome: str) -> None:
        self.counts[model.__name__][outcome] += 1

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """The row with `lookup` (its natural key) carrying `values`: created if missing, saved only if a value
        differs (so an unchanged row is not written and leaves no history). Validated with `full_clean`."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            outcome = CREATED
        else:
            changed = [name for name, value in values.items() if _differs(obj, name, value)]
            if not changed:
                self.record(model, UNCHANGED)
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            outcome = UPDATED
        obj.full_clean()
        obj.save()
        self.record(model, outcome)
        return obj


def _differs(obj: models.Model, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _official_by_key(key: str) -> Official:
    return Official.objects.get(nip=OFFICIALS_BY_KEY[key].nip)


def _department_by_short_name(short_name: str) -> Department:
    return Department.objects.get(code=DEPARTMENTS_BY_SHORT_NAME[short_name].code)


OFFICIALS_BY_KEY = {official.key: official for official in OFFICIALS}
DEPARTMENTS_BY_SHORT_NAME = {department.short_name: department for department in DEPARTMENTS}


def load_region(run: DemoRun) -> None:
    run.upsert(Region, {"pk": 1}, REGION)


def load_departments(run: DemoRun) -> None:
    for department in DEPARTMENTS:
        run.upsert(
            Department,
            {"code": department.code},
            {"name": department.name, "short_name": department.short_name, "kind": department.kind, "is_active": True},
        )


def load_officials(run: DemoRun) -> None:
    # The user link is not a value of this step: load_accounts sets it, and a later run leaves it alone.
    for official in OFFICIALS:
        run.upsert(
            Official,
            {"nip": official.nip},
            {
                "name": official.name,
                "rank": official.rank,
                "echelon": official.echelon,
                "is_active": official.is_active,
            },
        )


def load_assignments(run: DemoRun) -> None:
    # Ended assignments first, so a current head never meets an open predecessor in the same department.
    for assignment in sorted(ASSIGNMENTS, key=lambda a: a.end is None):
        lookup = {
            "official": _official_by_key(assignment.official),
            "department": _department_by_short_name(assignment.department),
            "start_date": assignment.start,
        }
        values = {
            "kind": assignment.kind,
            "position_title": assignment.position_title,
            "end_date": assignment.end,
            "sk_number": assignment.sk_number,
            "sk_date": assignment.sk_date,
        }
        if assignment.end is None and Assignment.objects.filter(**lookup, end_date__isnull=False).exists():
            del values["end_date"]  # ended since by the application (a move, an evaluation): never reopened here
        run.upsert(Assignment, lookup, values)


def load_accounts(run: DemoRun) -> None:
    """Create a missing account; an existing one (its password, role, department) is never touched."""
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                email=f"{account.username}@{EMAIL_DOMAIN}",
                first_name=account.first_name,
                last_name=account.last_name,
                role=account.role,
                department=_department_by_short_name(account.department) if account.department else None,
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            run.record(User, CREATED)
        else:
            run.record(User, UNCHANGED)
        if account.official:
            _link_official(run, user, _official_by_key(account.official))


HONORIFICS = {"dr.", "drg.", "ir.", "h.", "hj.", "prof.", "drs.", "dra."}


def head_username(department: Department) -> str:
    return "kepala-" + slugify(department.short_name)


def load_head_accounts(run: DemoRun) -> None:
    """Every other department's current head gets an account too (`kepala-<short name>`, role department head),
    as in a city where each head signs in: the PK and progress demo data are entered by them."""
    today = timezone.localdate()
    heads = (
        Assignment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today)
        .filter(official__user__isnull=True, official__is_active=True)
        .select_related("official", "department")
        .order_by("kind", "department__code", "-start_date")  # definitive heads first: a Plt's own account is theirs
    )
    seen, linked = set(), set()
    for assignment in heads:
        department, official = assignment.department, assignment.official
        if department.pk in seen or User.objects.filter(role=Role.DEPARTMENT_HEAD, department=department).exists():
            continue
        seen.add(department.pk)
        username = head_username(department)
        if User.objects.filter(username=username).exists():
            run.record(User, UNCHANGED)
            continue
        words = [w for w in official.name.split(",")[0].split() if w.lower() not in HONORIFICS]
        user = User(
            username=username,
            email=f"{username}@{EMAIL_DOMAIN}",
            first_name=words[0] if words else "",
            last_name=" ".join(words[1:]),
            role=Role.DEPARTMENT_HEAD,
            department=department,
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        run.record(User, CREATED)
        if official.pk not in linked:  # a Plt who heads a department of their own already has their account
            linked.add(official.pk)
            _link_official(run, user, official)


def _link_official(run: DemoRun, user: User, official: Official) -> None:
    if official.user_id == user.pk:
        return
    if official.user_id is not None or Official.objects.filter(user=user).exists():
        run.log(f"  ! {official} and {user.username} are linked elsewhere; left as they are.")
        return
    official.user = user
    official.full_clean()
    official.save()
    run.record(Official, UPDATED)


Step = Callable[[DemoRun], None]

#: The loader steps, in order. Later issues append theirs (after the organisation they depend on).
STEPS: list[Step] = [
    load_region,
    load_departments,
    load_officials,
    load_assignments,
    load_accounts,
    load_head_accounts,
]


def all_steps() -> list[Step]:
    """These steps, then those of every later app that has a `demo` module with `STEPS` (in INSTALLED_APPS order):
    plans, agreements… add their demo data without this lower app importing them."""
    steps = list(STEPS)
    for config in apps.get_app_configs():
        if not config.name.startswith("apps.") or config.name == "apps.departments":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        steps.extend(getattr(module, "STEPS", []))
    return steps


def demo_load(*, stdout=None, steps: list[Step] | None = None) -> dict[str, dict[str, int]]:
    """Load the demo data in one transaction, as the audit source "load_demo": every app's steps, or only `steps`
    (the tests of one app load what it builds on).

    Returns, per model name, how many rows were created, updated and left unchanged.
    """
    run = DemoRun(stdout)
    with transaction.atomic(), audit_context(source="load_demo"):
        for step in all_steps() if steps is None else steps:
            run.log(f"- {step.__name__.removeprefix('load_').replace('_', ' ')}")
            step(run)
    return {model: dict(counts) for model, counts in run.counts.items()}
