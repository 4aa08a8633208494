# ruff: noqa: E501 -- the nomenclature tables below keep the official (long) names on one line
"""Demo plan of Kota Banjarbaru: the RPJMD 2025–2029 and a Renstra 2025–2029 for every demo department.

Fictional but shaped like the real documents: the sasaran and indicators follow common RPJMD practice, the
program / kegiatan / sub kegiatan codes follow Kepmendagri 050-5889/2021 (level 2: kabupaten/kota) for each
department's urusan. Loaded by `manage.py load_demo` (apps.departments.demo finds `STEPS` here); idempotent: every
row is found by its natural key and written only when a value differs.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from apps.departments.demo import DEPARTMENTS, DemoRun
from apps.departments.models import Department

from .models import (
    Activity,
    Aggregation,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Polarity,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)

START, END = 2025, 2029
YEARS = range(START, END + 1)
POS, NEG, STAB = Polarity.POSITIVE, Polarity.NEGATIVE, Polarity.STABILIZE
SUM, LAST = Aggregation.SUM, Aggregation.LAST


@dataclass(frozen=True)
class DemoIndicator:
    """An indicator whose target moves in a straight line from `first` (2025) to `last` (2029), or a constant
    band (low, high) for `stabilize`."""

    name: str
    unit: str
    baseline: str
    first: str = ""
    last: str = ""
    polarity: str = POS
    aggregation: str = LAST
    band: tuple[str, str] | None = None
    iku: bool = False

    def targets(self) -> dict[int, dict]:
        if self.band:
            low, high = (Decimal(x) for x in self.band)
            return {year: {"value": None, "low": low, "high": high} for year in YEARS}
        first, last = Decimal(self.first), Decimal(self.last)
        places = max(-first.as_tuple().exponent, -last.as_tuple().exponent, 0)
        quantum = Decimal(1).scaleb(-places)
        step = (last - first) / (len(YEARS) - 1)
        return {
            year: {"value": (first + step * i).quantize(quantum, ROUND_HALF_UP), "low": None, "high": None}
            for i, year in enumerate(YEARS)
        }


I = DemoIndicator  # noqa: E741 -- short, for the tables below

# ---------------------------------------------------------------------------------------------------------------
# RPJMD 2025–2029: visi, misi (number, text, [tujuan (code, text, [sasaran (code, text, [indicators])])])
# ---------------------------------------------------------------------------------------------------------------
VISION = "Banjarbaru Maju, Religius, dan Berkelanjutan sebagai Kota Jasa yang Sejahtera Tahun 2029"
REGULATION = "Perda Kota Banjarbaru Nomor 3 Tahun 2025 tentang RPJMD Tahun 2025–2029"

MISSIONS = [
    (1, "Meningkatkan kualitas sumber daya manusia yang sehat, cerdas, dan berdaya saing.", [
        ("1.1", "Meningkatkan kualitas pendidikan masyarakat", [
            ("1.1.1", "Meningkatnya akses dan mutu pendidikan", [
                I("Rata-rata lama sekolah", "tahun", "11.62", "11.70", "12.10", iku=True),
                I("Harapan lama sekolah", "tahun", "14.21", "14.25", "14.60"),
            ]),
        ]),
        ("1.2", "Meningkatkan derajat kesehatan masyarakat", [
            ("1.2.1", "Meningkatnya derajat kesehatan masyarakat", [
                I("Usia harapan hidup", "tahun", "73.15", "73.25", "73.90", iku=True),
                I("Prevalensi balita stunting", "%", "18.40", "17.00", "12.00", polarity=NEG),
            ]),
        ]),
        ("1.3", "Meningkatkan kesejahteraan sosial masyarakat", [
            ("1.3.1", "Menurunnya kemiskinan dan meningkatnya perlindungan sosial", [
                I("Persentase penduduk miskin", "%", "4.31", "4.20", "3.40", polarity=NEG, iku=True),
                I("Indeks Pembangunan Gender", "indeks", "91.20", "91.40", "92.40"),
            ]),
        ]),
    ]),
    (2, "Mewujudkan pertumbuhan ekonomi yang inklusif berbasis jasa, perdagangan, dan UMKM.", [
        ("2.1", "Meningkatkan pertumbuhan ekonomi daerah yang inklusif", [
            ("2.1.1", "Meningkatnya pertumbuhan ekonomi dan stabilitas harga", [
                I("Laju pertumbuhan ekonomi", "%", "5.48", "5.50", "6.20", iku=True),
                I("Tingkat inflasi", "%", "2.85", polarity=STAB, band=("2", "4")),
            ]),
            ("2.1.2", "Menurunnya pengangguran", [
                I("Tingkat pengangguran terbuka", "%", "5.12", "5.00", "4.30", polarity=NEG),
            ]),
        ]),
        ("2.2", "Meningkatkan ketahanan pangan daerah", [
            ("2.2.1", "Meningkatnya ketersediaan dan keragaman konsumsi pangan", [
                I("Skor Pola Pangan Harapan", "skor", "87.90", "88.50", "92.00"),
            ]),
        ]),
    ]),
    (3, "Meningkatkan kualitas infrastruktur, permukiman, dan lingkungan hidup yang berkelanjutan.", [
        ("3.1", "Meningkatkan kualitas infrastruktur dan permukiman kota", [
            ("3.1.1", "Meningkatnya kualitas infrastruktur dan kawasan permukiman", [
                I("Persentase jalan kota dalam kondisi mantap", "%", "81.50", "83.00", "90.00", iku=True),
                I("Persentase luas kawasan kumuh", "%", "2.10", "1.90", "0.80", polarity=NEG),
            ]),
        ]),
        ("3.2", "Meningkatkan kualitas lingkungan hidup dan ketangguhan bencana", [
            ("3.2.1", "Meningkatnya kualitas lingkungan hidup", [
                I("Indeks Kualitas Lingkungan Hidup", "indeks", "67.80", "68.20", "72.00"),
            ]),
            ("3.2.2", "Meningkatnya ketangguhan kota terhadap bencana", [
                I("Indeks Risiko Bencana", "indeks", "121.40", "119.00", "105.00", polarity=NEG),
            ]),
        ]),
    ]),
    (4, "Mewujudkan tata kelola pemerintahan yang bersih, efektif, dan melayani.", [
        ("4.1", "Mewujudkan tata kelola pemerintahan yang akuntabel dan pelayanan publik yang prima", [
            ("4.1.1", "Meningkatnya akuntabilitas kinerja dan keuangan daerah", [
                I("Nilai SAKIP Pemerintah Kota", "nilai", "71.25", "72.00", "80.00", iku=True),
                I("Opini BPK atas LKPD (WTP = 1)", "opini", "1", "1", "1"),
            ]),
            ("4.1.2", "Meningkatnya kualitas pelayanan publik", [
                I("Indeks Kepuasan Masyarakat", "indeks", "82.10", "82.50", "86.00"),
                I("Indeks SPBE", "indeks", "3.12", "3.20", "3.80"),
            ]),
        ]),
    ]),
    (5, "Mewujudkan kehidupan masyarakat yang religius, aman, tertib, dan harmonis.", [
        ("5.1", "Mewujudkan ketenteraman, ketertiban, dan kerukunan masyarakat", [
            ("5.1.1", "Meningkatnya ketenteraman, ketertiban umum, dan kerukunan", [
                I("Persentase penegakan Perda dan Perkada", "%", "84.00", "86.00", "95.00"),
                I("Indeks Kerukunan Umat Beragama", "indeks", "77.80", "78.00", "82.00"),
            ]),
        ]),
    ]),
]  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Renstra of each department
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoProgram:
    number: str  # PP of U.BB.PP
    name: str
    budget: int  # pagu 2025 in rupiah; +5% a year
    activities: list = field(default_factory=list)  # [(KK, name, [(SSSS, name)])]


@dataclass(frozen=True)
class DemoPlan:
    goal: str  # the department's tujuan
    objectives: list  # [(sasaran strategis, RPJMD sasaran code, [DemoIndicator])]
    programs: list  # [DemoProgram] (besides the supporting program every department has)
    goal2: str = ""  # an optional second tujuan: its sasaran come from `objectives2`
    objectives2: list = field(default_factory=list)


P = DemoProgram

SUPPORT = P(
    "01",
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    4_850_000_000,
    [
        ("01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", [
            ("0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
            ("0007", "Evaluasi Kinerja Perangkat Daerah"),
        ]),
        ("02", "Administrasi Keuangan Perangkat Daerah", [("0001", "Penyediaan Gaji dan Tunjangan ASN")]),
    ],
)  # fmt: skip

SERVICE = [
    I("Indeks Kepuasan Masyarakat atas layanan perangkat daerah", "indeks", "81.00", "82.00", "86.00"),
    I("Nilai SAKIP perangkat daerah", "nilai", "68.00", "70.00", "78.00"),
]


def _service_objective(name: str) -> tuple:
    return (f"Meningkatnya akuntabilitas kinerja dan kualitas pelayanan {name}", "4.1.1", SERVICE)


PLANS: dict[str, DemoPlan] = {
    "Disdik": DemoPlan(
        "Meningkatkan pemerataan akses dan mutu pendidikan dasar",
        [
            ("Meningkatnya partisipasi pendidikan dasar", "1.1.1", [
                I("Angka Partisipasi Murni SD/MI", "%", "97.10", "97.30", "98.50", iku=True),
                I("Angka Partisipasi Murni SMP/MTs", "%", "81.40", "82.00", "86.00"),
                I("Angka putus sekolah SD", "%", "0.12", "0.10", "0.02", polarity=NEG),
            ]),
            ("Meningkatnya mutu pendidikan dasar", "1.1.1", [
                I("Persentase sekolah terakreditasi minimal B", "%", "88.00", "90.00", "98.00"),
                I("Persentase guru bersertifikat pendidik", "%", "71.00", "74.00", "86.00"),
            ]),
        ],
        [
            P("02", "Program Pengelolaan Pendidikan", 96_500_000_000, [
                ("01", "Pengelolaan Pendidikan Sekolah Dasar", [
                    ("0001", "Pembangunan Unit Sekolah Baru (USB)"),
                    ("0009", "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah"),
                ]),
                ("02", "Pengelolaan Pendidikan Sekolah Menengah Pertama", [
                    ("0024", "Pengadaan Perlengkapan Sekolah"),
                ]),
            ]),
            P("05", "Program Pendidik dan Tenaga Kependidikan", 3_200_000_000, [
                ("01", "Pemerataan Kuantitas dan Kualitas Pendidik dan Tenaga Kependidikan", [
                    ("0002", "Pengembangan Karier Pendidik dan Tenaga Kependidikan"),
                ]),
            ]),
        ],
    ),
    "Dinkes": DemoPlan(
        "Meningkatkan derajat kesehatan masyarakat",
        [
            ("Menurunnya angka kematian ibu dan bayi", "1.2.1", [
                I("Angka Kematian Ibu per 100.000 KH", "per 100.000 KH", "92", "88", "70", polarity=NEG, iku=True),
                I("Angka Kematian Bayi per 1.000 KH", "per 1.000 KH", "7.8", "7.5", "6.0", polarity=NEG),
            ]),
            ("Menurunnya prevalensi stunting dan penyakit menular", "1.2.1", [
                I("Prevalensi balita stunting", "%", "18.40", "17.00", "12.00", polarity=NEG),
                I("Cakupan penemuan dan pengobatan kasus TBC", "%", "78.00", "80.00", "90.00", aggregation=SUM),
                I("Persentase kelurahan UCI", "%", "95.00", "96.00", "100.00"),
            ]),
        ],
        [
            P("02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat", 58_750_000_000, [
                ("02", "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota", [
                    ("0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil"),
                    ("0003", "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir"),
                    ("0036", "Pelayanan Kesehatan Penyakit Menular dan Tidak Menular"),
                ]),
            ]),
            P("03", "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan", 2_150_000_000, [
                ("03", "Pengembangan Mutu dan Peningkatan Kompetensi Teknis Sumber Daya Manusia Kesehatan", [
                    ("0001", "Peningkatan Kompetensi dan Kualifikasi Sumber Daya Manusia Kesehatan"),
                ]),
            ]),
        ],
    ),
    "RSUD Idaman": DemoPlan(
        "Meningkatkan mutu pelayanan kesehatan rujukan",
        [
            ("Meningkatnya mutu pelayanan rumah sakit", "1.2.1", [
                I("Bed Occupancy Rate (BOR)", "%", "68.00", "70.00", "75.00", iku=True),
                I("Net Death Rate", "per 1.000 pasien", "24.0", "23.0", "19.0", polarity=NEG),
                I("Indeks kepuasan pasien", "indeks", "80.50", "81.00", "85.00"),
            ]),
        ],
        [
            P("02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat", 42_300_000_000, [
                ("01", "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota", [
                    ("0014", "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan"),
                ]),
            ]),
        ],
    ),
    "PUPR": DemoPlan(
        "Meningkatkan kualitas infrastruktur jalan dan sumber daya air",
        [
            ("Meningkatnya kemantapan jalan kota", "3.1.1", [
                I("Persentase jalan kota dalam kondisi mantap", "%", "81.50", "83.00", "90.00", iku=True),
                I("Persentase jembatan dalam kondisi baik", "%", "86.00", "87.00", "92.00"),
            ]),
            ("Berkurangnya kawasan tergenang", "3.2.2", [
                I("Luas genangan di kawasan perkotaan", "ha", "42.0", "38.0", "20.0", polarity=NEG),
            ]),
        ],
        [
            P("10", "Program Penyelenggaraan Jalan", 87_400_000_000, [
                ("01", "Penyelenggaraan Jalan Kabupaten/Kota", [
                    ("0017", "Rekonstruksi Jalan"),
                    ("0032", "Rehabilitasi Jembatan"),
                ]),
            ]),
            P("03", "Program Pengelolaan Sumber Daya Air (SDA)", 18_900_000_000, [
                ("02", "Pengelolaan SDA dan Bangunan Pengaman Pantai pada Wilayah Sungai (WS) dalam 1 (satu) Daerah Kabupaten/Kota", [
                    ("0004", "Normalisasi/Restorasi Sungai"),
                ]),
            ]),
        ],
    ),
    "Disperkim": DemoPlan(
        "Meningkatkan kualitas perumahan dan kawasan permukiman",
        [
            ("Berkurangnya kawasan permukiman kumuh", "3.1.1", [
                I("Persentase luas kawasan kumuh", "%", "2.10", "1.90", "0.80", polarity=NEG, iku=True),
                I("Persentase rumah tidak layak huni yang ditangani", "%", "14.00", "18.00", "40.00", aggregation=SUM),
            ]),
        ],
        [
            P("03", "Program Kawasan Permukiman", 21_600_000_000, [
                ("02", "Penataan dan Peningkatan Kualitas Kawasan Permukiman Kumuh dengan Luas di Bawah 10 (sepuluh) Ha", [
                    ("0001", "Perbaikan Rumah Tidak Layak Huni"),
                ]),
            ]),
            P("02", "Program Pengembangan Perumahan", 6_400_000_000, [
                ("01", "Pendataan Penyediaan dan Rehabilitasi Rumah Korban Bencana atau Relokasi Program Kabupaten/Kota", [
                    ("0001", "Pendataan Rumah Korban Bencana Kabupaten/Kota"),
                ]),
            ]),
        ],
    ),
    "Satpol PP": DemoPlan(
        "Meningkatkan ketenteraman dan ketertiban umum",
        [
            ("Meningkatnya penegakan Perda dan Perkada", "5.1.1", [
                I("Persentase penegakan Perda dan Perkada", "%", "84.00", "86.00", "95.00", iku=True),
                I("Persentase gangguan trantibum yang tertangani", "%", "90.00", "92.00", "98.00"),
            ]),
        ],
        [
            P("02", "Program Peningkatan Ketenteraman dan Ketertiban Umum", 7_800_000_000, [
                ("01", "Penanganan Gangguan Ketenteraman dan Ketertiban Umum dalam 1 (Satu) Daerah Kabupaten/Kota", [
                    ("0001", "Penanganan Gangguan Ketenteraman dan Ketertiban Umum"),
                ]),
            ]),
        ],
    ),
    "BPBD": DemoPlan(
        "Meningkatkan ketangguhan masyarakat terhadap bencana",
        [
            ("Menurunnya risiko bencana", "3.2.2", [
                I("Indeks Risiko Bencana", "indeks", "121.40", "119.00", "105.00", polarity=NEG, iku=True),
                I("Jumlah kelurahan tangguh bencana", "kelurahan", "6", "8", "16", aggregation=SUM),
            ]),
        ],
        [
            P("03", "Program Penanggulangan Bencana", 5_900_000_000, [
                ("01", "Pelayanan Informasi Rawan Bencana Kabupaten/Kota", [
                    ("0001", "Penyusunan Kajian Risiko Bencana Kabupaten/Kota"),
                ]),
                ("02", "Pelayanan Pencegahan dan Kesiapsiagaan terhadap Bencana", [
                    ("0004", "Penguatan Kapasitas Kawasan untuk Pencegahan dan Kesiapsiagaan"),
                ]),
            ]),
        ],
    ),
    "Dinsos": DemoPlan(
        "Menurunkan kemiskinan dan meningkatkan perlindungan sosial",
        [
            ("Meningkatnya penanganan penyandang masalah kesejahteraan sosial", "1.3.1", [
                I("Persentase PPKS yang tertangani", "%", "62.00", "65.00", "80.00", iku=True),
                I("Persentase penduduk miskin", "%", "4.31", "4.20", "3.40", polarity=NEG),
            ]),
        ],
        [
            P("04", "Program Rehabilitasi Sosial", 4_700_000_000, [
                ("02", "Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar, Anak Terlantar, Lanjut Usia Terlantar, serta Gelandangan Pengemis di Luar Panti Sosial", [
                    ("0001", "Penyediaan Permakanan"),
                ]),
            ]),
            P("06", "Program Perlindungan dan Jaminan Sosial", 3_100_000_000, [
                ("01", "Pemeliharaan Anak-Anak Terlantar", [("0002", "Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota")]),
            ]),
        ],
    ),
    "DP3AKB": DemoPlan(
        "Meningkatkan kesetaraan gender dan perlindungan anak",
        [
            ("Meningkatnya pemberdayaan perempuan dan perlindungan anak", "1.3.1", [
                I("Indeks Pembangunan Gender", "indeks", "91.20", "91.40", "92.40", iku=True),
                I("Persentase kasus kekerasan terhadap perempuan dan anak yang tertangani", "%", "92.00", "94.00", "100.00"),
            ]),
        ],
        [
            P("02", "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan", 1_850_000_000, [
                ("01", "Pelembagaan Pengarusutamaan Gender (PUG) pada Lembaga Pemerintah Kewenangan Kabupaten/Kota", [
                    ("0001", "Koordinasi dan Sinkronisasi Perumusan Kebijakan Pelaksanaan PUG"),
                ]),
            ]),
            P("06", "Program Perlindungan Khusus Anak", 1_250_000_000, [
                ("01", "Pencegahan Kekerasan terhadap Anak yang Melibatkan Para Pihak Lingkup Daerah Kabupaten/Kota", [
                    ("0001", "Koordinasi dan Sinkronisasi Pencegahan Kekerasan terhadap Anak"),
                ]),
            ]),
        ],
    ),
    "DKP3": DemoPlan(
        "Meningkatkan ketahanan pangan dan produktivitas pertanian",
        [
            ("Meningkatnya ketersediaan dan keragaman pangan", "2.2.1", [
                I("Skor Pola Pangan Harapan", "skor", "87.90", "88.50", "92.00", iku=True),
                I("Produksi sayuran", "ton", "8250", "8400", "9200", aggregation=SUM),
            ]),
        ],
        [
            P("03", "Program Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat", 2_400_000_000, [
                ("01", "Penyediaan dan Penyaluran Pangan Pokok atau Pangan Lainnya sesuai dengan Kebutuhan Daerah Kabupaten/Kota", [
                    ("0002", "Penyediaan Cadangan Pangan Pemerintah Kabupaten/Kota"),
                ]),
            ]),
        ],
    ),
    "DLH": DemoPlan(
        "Meningkatkan kualitas lingkungan hidup",
        [
            ("Meningkatnya kualitas lingkungan hidup", "3.2.1", [
                I("Indeks Kualitas Lingkungan Hidup", "indeks", "67.80", "68.20", "72.00", iku=True),
                I("Persentase sampah yang tertangani", "%", "78.00", "80.00", "90.00"),
                I("Persentase sampah yang terkurangi", "%", "21.00", "23.00", "30.00"),
            ]),
        ],
        [
            P("11", "Program Pengelolaan Persampahan", 16_200_000_000, [
                ("01", "Pengelolaan Sampah", [
                    ("0004", "Penyediaan Sarana dan Prasarana Pengelolaan Sampah"),
                    ("0007", "Peningkatan Kapasitas Pengelolaan Sampah di TPA"),
                ]),
            ]),
            P("03", "Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup", 1_900_000_000, [
                ("01", "Pencegahan Pencemaran dan/atau Kerusakan Lingkungan Hidup", [("0001", "Koordinasi, Sinkronisasi dan Pelaksanaan Pencegahan Pencemaran Lingkungan Hidup")]),
            ]),
        ],
    ),
    "Disdukcapil": DemoPlan(
        "Meningkatkan kualitas administrasi kependudukan",
        [
            ("Meningkatnya cakupan kepemilikan dokumen kependudukan", "4.1.2", [
                I("Persentase penduduk wajib KTP yang memiliki KTP-el", "%", "98.20", "98.50", "99.80", iku=True),
                I("Persentase anak yang memiliki akta kelahiran", "%", "95.00", "96.00", "99.00"),
            ]),
        ],
        [
            P("02", "Program Pendaftaran Penduduk", 2_300_000_000, [
                ("01", "Pelayanan Pendaftaran Penduduk", [("0001", "Pelayanan Perekaman KTP-el")]),
            ]),
            P("03", "Program Pencatatan Sipil", 1_100_000_000, [
                ("01", "Pelayanan Pencatatan Sipil", [("0001", "Pelayanan Pencatatan Kelahiran")]),
            ]),
        ],
    ),
    "Dishub": DemoPlan(
        "Meningkatkan keselamatan dan kelancaran lalu lintas",
        [
            ("Meningkatnya keselamatan lalu lintas dan angkutan jalan", "3.1.1", [
                I("Persentase ruas jalan kota yang dilengkapi perlengkapan jalan", "%", "62.00", "65.00", "80.00", iku=True),
                I("Jumlah kecelakaan lalu lintas", "kejadian", "148", "140", "110", polarity=NEG, aggregation=SUM),
            ]),
        ],
        [
            P("02", "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)", 9_300_000_000, [
                ("01", "Penetapan Rencana Induk Jaringan LLAJ Kabupaten/Kota", [("0004", "Pengadaan dan Pemasangan Perlengkapan Jalan")]),
            ]),
        ],
    ),
    "Diskominfo": DemoPlan(
        "Mewujudkan pemerintahan berbasis elektronik yang terpadu",
        [
            ("Meningkatnya kematangan SPBE", "4.1.2", [
                I("Indeks SPBE", "indeks", "3.12", "3.20", "3.80", iku=True),
                I("Persentase perangkat daerah yang terhubung jaringan intra pemerintah", "%", "85.00", "88.00", "100.00"),
            ]),
        ],
        [
            P("03", "Program Aplikasi Informatika", 6_750_000_000, [
                ("02", "Pengelolaan e-government di Lingkup Pemerintah Daerah Kabupaten/Kota", [
                    ("0002", "Pengelolaan Pusat Data Pemerintahan Daerah"),
                    ("0007", "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik"),
                ]),
            ]),
            P("02", "Program Informasi dan Komunikasi Publik", 2_100_000_000, [
                ("01", "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota", [("0002", "Pengelolaan Konten dan Perencanaan Media Komunikasi Publik")]),
            ]),
        ],
    ),
    "Diskopukmnaker": DemoPlan(
        "Meningkatkan daya saing UMKM dan perluasan kesempatan kerja",
        [
            ("Meningkatnya usaha mikro yang naik kelas", "2.1.1", [
                I("Persentase usaha mikro yang naik kelas", "%", "3.00", "3.50", "6.00", iku=True),
            ]),
            ("Menurunnya pengangguran terbuka", "2.1.2", [
                I("Tingkat pengangguran terbuka", "%", "5.12", "5.00", "4.30", polarity=NEG),
                I("Jumlah pencari kerja yang ditempatkan", "orang", "620", "650", "900", aggregation=SUM),
            ]),
        ],
        [
            P("07", "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)", 2_600_000_000, [
                ("01", "Pemberdayaan Usaha Mikro yang Dilakukan melalui Pendataan, Kemitraan, Kemudahan Perizinan, Penguatan Kelembagaan dan Koordinasi dengan Para Pemangku Kepentingan", [
                    ("0001", "Fasilitasi Kemudahan Perizinan Berusaha bagi Usaha Mikro"),
                ]),
            ]),
        ],
    ),
    "DPMPTSP": DemoPlan(
        "Meningkatkan iklim investasi dan kualitas perizinan",
        [
            ("Meningkatnya realisasi investasi", "2.1.1", [
                I("Nilai realisasi investasi", "miliar rupiah", "1450", "1500", "2100", aggregation=SUM, iku=True),
                I("Persentase perizinan yang terbit tepat waktu", "%", "92.00", "94.00", "99.00"),
            ]),
        ],
        [
            P("05", "Program Pelayanan Penanaman Modal", 1_700_000_000, [
                ("01", "Pelayanan Perizinan dan Nonperizinan secara Terpadu Satu Pintu di Bidang Penanaman Modal", [
                    ("0001", "Penyediaan Pelayanan Perizinan Berusaha melalui Sistem Perizinan Berusaha Terintegrasi secara Elektronik"),
                ]),
            ]),
        ],
    ),
    "Disporabudpar": DemoPlan(
        "Meningkatkan daya saing kepemudaan, olahraga, dan pariwisata",
        [
            ("Meningkatnya kunjungan wisata dan prestasi olahraga", "2.1.1", [
                I("Jumlah kunjungan wisatawan", "orang", "385000", "400000", "520000", aggregation=SUM, iku=True),
                I("Jumlah medali pada kejuaraan tingkat provinsi", "medali", "48", "50", "70", aggregation=SUM),
            ]),
        ],
        [
            P("03", "Program Pengembangan Kapasitas Daya Saing Keolahragaan", 3_400_000_000, [
                ("01", "Pembinaan dan Pengembangan Olahraga Prestasi Tingkat Daerah Kabupaten/Kota", [("0001", "Penyelenggaraan Kejuaraan Olahraga")]),
            ]),
        ],
    ),
    "Dispersip": DemoPlan(
        "Meningkatkan budaya gemar membaca dan tertib arsip",
        [
            ("Meningkatnya minat baca dan pengelolaan arsip", "1.1.1", [
                I("Tingkat Gemar Membaca Masyarakat", "nilai", "62.00", "63.50", "70.00", iku=True),
                I("Nilai pengawasan kearsipan internal", "nilai", "70.00", "72.00", "80.00"),
            ]),
        ],
        [
            P("02", "Program Pembinaan Perpustakaan", 1_450_000_000, [
                ("01", "Pengelolaan Perpustakaan Tingkat Daerah Kabupaten/Kota", [("0003", "Pengembangan Koleksi Perpustakaan")]),
            ]),
        ],
    ),
    "Disdag": DemoPlan(
        "Meningkatkan kelancaran distribusi dan stabilitas harga",
        [
            ("Terjaganya stabilitas harga barang kebutuhan pokok", "2.1.1", [
                I("Tingkat inflasi", "%", "2.85", polarity=STAB, band=("2", "4"), iku=True),
                I("Koefisien variasi harga barang kebutuhan pokok", "%", "6.20", "6.00", "5.00", polarity=NEG),
            ]),
        ],
        [
            P("04", "Program Stabilisasi Harga Barang Kebutuhan Pokok dan Barang Penting", 1_350_000_000, [
                ("01", "Menjamin Ketersediaan Barang Kebutuhan Pokok dan Barang Penting di Tingkat Daerah Kabupaten/Kota", [
                    ("0002", "Pelaksanaan Operasi Pasar Dalam Rangka Stabilisasi Harga Pangan Pokok"),
                ]),
            ]),
            P("03", "Program Peningkatan Sarana Distribusi Perdagangan", 7_900_000_000, [
                ("01", "Pembangunan dan Pengelolaan Sarana Distribusi Perdagangan", [("0003", "Pembangunan Pasar Rakyat")]),
            ]),
        ],
    ),
    "Bappeda": DemoPlan(
        "Meningkatkan kualitas perencanaan dan pengendalian pembangunan daerah",
        [
            ("Meningkatnya kualitas perencanaan pembangunan daerah", "4.1.1", [
                I("Persentase konsistensi program RPJMD dalam RKPD", "%", "88.00", "90.00", "98.00", iku=True),
                I("Nilai SAKIP Pemerintah Kota", "nilai", "71.25", "72.00", "80.00"),
            ]),
        ],
        [
            P("02", "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", 4_200_000_000, [
                ("01", "Penyusunan Perencanaan dan Pendanaan", [("0005", "Penyusunan Dokumen Perencanaan Pembangunan Daerah Tahunan")]),
                ("02", "Analisis Data dan Informasi Pemerintahan Daerah Bidang Perencanaan Pembangunan Daerah", [
                    ("0001", "Pengelolaan Data dan Informasi Perencanaan Pembangunan Daerah"),
                ]),
            ]),
        ],
    ),
    "BPKPAD": DemoPlan(
        "Meningkatkan kapasitas fiskal dan akuntabilitas keuangan daerah",
        [
            ("Meningkatnya pendapatan asli daerah dan akuntabilitas keuangan", "4.1.1", [
                I("Opini BPK atas LKPD (WTP = 1)", "opini", "1", "1", "1", iku=True),
                I("Rasio PAD terhadap total pendapatan daerah", "%", "19.50", "20.00", "25.00"),
            ]),
        ],
        [
            P("02", "Program Pengelolaan Keuangan Daerah", 6_800_000_000, [
                ("01", "Koordinasi dan Penyusunan Rencana Anggaran Daerah", [("0001", "Koordinasi dan Penyusunan KUA dan PPAS")]),
            ]),
            P("04", "Program Pengelolaan Pendapatan Daerah", 5_200_000_000, [
                ("01", "Pengelolaan Pendapatan Daerah", [("0004", "Pendataan dan Pendaftaran Objek Pajak Daerah")]),
            ]),
        ],
    ),
    "BKPSDM": DemoPlan(
        "Meningkatkan profesionalitas aparatur sipil negara",
        [
            ("Meningkatnya kualitas manajemen ASN", "4.1.1", [
                I("Indeks Sistem Merit", "indeks", "0.62", "0.65", "0.80", iku=True),
                I("Indeks Profesionalitas ASN", "indeks", "68.00", "70.00", "78.00"),
            ]),
        ],
        [
            P("02", "Program Kepegawaian Daerah", 3_900_000_000, [
                ("05", "Pengembangan Sumber Daya Manusia", [("0002", "Pengembangan Kompetensi Teknis")]),
            ]),
        ],
    ),
    "Inspektorat": DemoPlan(
        "Meningkatkan kualitas pengawasan intern",
        [
            ("Meningkatnya kapabilitas pengawasan intern", "4.1.1", [
                I("Level kapabilitas APIP", "level", "3", "3", "4", iku=True),
                I("Persentase tindak lanjut hasil pemeriksaan", "%", "82.00", "85.00", "95.00"),
            ]),
        ],
        [
            P("02", "Program Penyelenggaraan Pengawasan", 3_300_000_000, [
                ("01", "Penyelenggaraan Pengawasan Internal", [("0001", "Pengawasan Kinerja Pemerintah Daerah")]),
            ]),
        ],
    ),
    "Setda": DemoPlan(
        "Meningkatkan kualitas koordinasi penyelenggaraan pemerintahan",
        [
            ("Meningkatnya efektivitas koordinasi pemerintahan dan pembangunan", "4.1.1", [
                I("Nilai reformasi birokrasi", "nilai", "66.00", "68.00", "76.00", iku=True),
                I("Nilai SAKIP Pemerintah Kota", "nilai", "71.25", "72.00", "80.00"),
            ]),
        ],
        [
            P("02", "Program Pemerintahan dan Kesejahteraan Rakyat", 5_600_000_000, [
                ("01", "Pelaksanaan Kebijakan Pemerintahan", [("0001", "Fasilitasi Pelaksanaan Otonomi Daerah")]),
            ]),
            P("03", "Program Perekonomian dan Pembangunan", 3_800_000_000, [
                ("05", "Pelaksanaan Administrasi Pembangunan", [("0001", "Fasilitasi Penyusunan Program Pembangunan")]),
            ]),
        ],
    ),
    "Setwan": DemoPlan(
        "Meningkatkan kualitas dukungan terhadap fungsi DPRD",
        [
            ("Meningkatnya kualitas fasilitasi fungsi legislasi, anggaran, dan pengawasan DPRD", "4.1.1", [
                I("Persentase Perda yang ditetapkan sesuai Propemperda", "%", "80.00", "82.00", "90.00", iku=True),
            ]),
        ],
        [
            P("02", "Program Dukungan Pelaksanaan Tugas dan Fungsi DPRD", 28_400_000_000, [
                ("01", "Pembentukan Peraturan Daerah dan Peraturan DPRD", [("0001", "Penyusunan dan Pembahasan Program Pembentukan Peraturan Daerah")]),
            ]),
        ],
    ),
    "Kesbangpol": DemoPlan(
        "Meningkatkan wawasan kebangsaan dan kewaspadaan dini",
        [
            ("Meningkatnya kerukunan dan wawasan kebangsaan", "5.1.1", [
                I("Indeks Kerukunan Umat Beragama", "indeks", "77.80", "78.00", "82.00", iku=True),
                I("Persentase potensi konflik sosial yang tertangani", "%", "90.00", "92.00", "100.00"),
            ]),
        ],
        [
            P("02", "Program Penguatan Ideologi Pancasila dan Karakter Kebangsaan", 1_650_000_000, [
                ("01", "Perumusan Kebijakan Teknis dan Pelaksanaan Pemantapan Pelaksanaan Ideologi Pancasila dan Wawasan Kebangsaan", [
                    ("0001", "Penguatan Ideologi Pancasila dan Karakter Kebangsaan"),
                ]),
            ]),
        ],
    ),
}  # fmt: skip

KECAMATAN_PLAN = DemoPlan(
    "Meningkatkan kualitas pelayanan publik dan pemberdayaan masyarakat kelurahan",
    [
        ("Meningkatnya kualitas pelayanan administrasi di kecamatan", "4.1.2", [
            I("Indeks Kepuasan Masyarakat atas layanan kecamatan", "indeks", "80.50", "81.00", "85.00", iku=True),
            I("Persentase layanan PATEN yang selesai tepat waktu", "%", "90.00", "92.00", "98.00"),
        ]),
        ("Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan", "5.1.1", [
            I("Persentase usulan Musrenbang kelurahan yang terakomodasi", "%", "35.00", "38.00", "50.00"),
        ]),
    ],
    [
        P("02", "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", 1_350_000_000, [
            ("02", "Penyelenggaraan Urusan Pemerintahan Umum sesuai Penugasan Kepala Daerah", [
                ("0001", "Koordinasi Pelaksanaan Pelayanan Administrasi Terpadu Kecamatan (PATEN)"),
            ]),
        ]),
        P("03", "Program Pemberdayaan Masyarakat Desa dan Kelurahan", 2_250_000_000, [
            ("01", "Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa dan Lembaga Adat Tingkat Kecamatan", [
                ("0002", "Pembangunan Sarana dan Prasarana Kelurahan"),
            ]),
        ]),
    ],
)  # fmt: skip


def plan_for(short_name: str) -> DemoPlan:
    """The department's plan; a kecamatan has the shared kecamatan plan. Every plan gets a second tujuan about
    its own accountability and service (what every Renstra has)."""
    plan = KECAMATAN_PLAN if short_name.startswith("Kec. ") else PLANS[short_name]
    return DemoPlan(
        plan.goal,
        plan.objectives,
        plan.programs,
        goal2=f"Meningkatkan akuntabilitas kinerja dan kualitas pelayanan {short_name}",
        objectives2=[_service_objective(short_name)],
    )


def _budget(base: int, year: int) -> Decimal:
    """The pagu of `year`: the 2025 pagu growing 5% a year, rounded to the million."""
    amount = Decimal(base) * Decimal("1.05") ** (year - START)
    return (amount / 1_000_000).quantize(Decimal(1), ROUND_HALF_UP) * 1_000_000


# ---------------------------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------------------------
def _indicator_fields(indicator: DemoIndicator) -> dict:
    return {
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "aggregation": indicator.aggregation,
        "baseline": Decimal(indicator.baseline),
    }


def load_rpjmd(run: DemoRun) -> None:
    period = run.upsert(
        RpjmdPeriod, {"start_year": START}, {"end_year": END, "vision": VISION, "regulation": REGULATION}
    )
    for number, text, goals in MISSIONS:
        mission = run.upsert(Mission, {"period": period, "number": number}, {"text": text})
        for goal_code, goal_text, objectives in goals:
            goal = run.upsert(Goal, {"mission": mission, "code": goal_code}, {"text": goal_text})
            for code, objective_text, indicators in objectives:
                objective = run.upsert(Objective, {"goal": goal, "code": code}, {"text": objective_text})
                for demo in indicators:
                    indicator = run.upsert(
                        ObjectiveIndicator, {"objective": objective, "name": demo.name}, _indicator_fields(demo)
                    )
                    for year, values in demo.targets().items():
                        run.upsert(ObjectiveTarget, {"indicator": indicator, "year": year}, values)


def load_renstra(run: DemoRun) -> None:
    period = RpjmdPeriod.objects.get(start_year=START)
    rpjmd_objectives = {o.code: o for o in Objective.objects.filter(goal__mission__period=period)}
    departments = {d.code: d for d in Department.objects.filter(code__in=[d.code for d in DEPARTMENTS])}
    for demo_department in DEPARTMENTS:
        department = departments[demo_department.code]
        plan = plan_for(demo_department.short_name)
        renstra = run.upsert(Renstra, {"department": department, "period": period}, {})
        first_objective = None
        number = 0
        for goal_number, (goal_text, objectives) in enumerate(
            [(plan.goal, plan.objectives), (plan.goal2, plan.objectives2)], start=1
        ):
            goal = run.upsert(RenstraGoal, {"renstra": renstra, "code": f"T{goal_number}"}, {"text": goal_text})
            for objective_text, rpjmd_code, indicators in objectives:
                number += 1
                objective = run.upsert(
                    StrategicObjective,
                    {"goal": goal, "code": f"SS{number}"},
                    {"text": objective_text, "rpjmd_objective": rpjmd_objectives[rpjmd_code]},
                )
                first_objective = first_objective or objective
                for demo in indicators:
                    indicator = run.upsert(
                        Indicator,
                        {"objective": objective, "name": demo.name},
                        {**_indicator_fields(demo), "is_iku": demo.iku, "weight": None},
                    )
                    for year, values in demo.targets().items():
                        run.upsert(IndicatorTarget, {"indicator": indicator, "year": year}, values)
        affair = demo_department.code[:4]  # U.BB of the department's urusan
        for demo_program in [SUPPORT, *plan.programs]:
            main = demo_program is not SUPPORT
            program = run.upsert(
                Program,
                {"renstra": renstra, "code": f"{affair}.{demo_program.number}"},
                {"name": demo_program.name, "objective": first_objective if main else None},
            )
            for year in YEARS:
                run.upsert(
                    ProgramBudget, {"program": program, "year": year}, {"amount": _budget(demo_program.budget, year)}
                )
            for activity_number, activity_name, subs in demo_program.activities:
                activity = run.upsert(
                    Activity,
                    {"program": program, "code": f"{program.code}.2.{activity_number}"},
                    {"name": activity_name},
                )
                for sub_number, sub_name in subs:
                    run.upsert(
                        SubActivity, {"activity": activity, "code": f"{activity.code}.{sub_number}"}, {"name": sub_name}
                    )


STEPS = [load_rpjmd, load_renstra]
