"""The seeded IID scoring schemes (2023, 2024, 2026) and the code lists of an innovation profile — pure data.

Sources: DOMAIN.md §6 (weights, k, m, count score, categories) and reference/domain-research.md §4.3–4.6 (the level
texts, from the BSKDN Kemendagri guidance as mirrored by several regional IID applications). The catalogue of
indicators is the same in all three years: the reference notes know of no change in 2023–2026 and DOMAIN.md gives
one list. A later year's scheme is added as data on the Django side, not here.

Region indicators with sub-parts. Five of the fifteen region indicators (2, 5, 10, 11, 13) are two separately
evidenced and separately scored rows in the national application (e.g. 5a "progres penurunan TPT" and 5b "TPT
(T-1)"), each with its own three levels and its own weight (0,75 + 0,75, or 1 + 1 for 2 and 13). They are kept as
separate `Indicator`s sharing the number, with `part` "a"/"b" (codes "2a", "2b", …), so that a region can be at
level 3 on one row and level 1 on the other, as the application allows. With the sub-rows the region weights sum to
21 and the maximum is 63, as DOMAIN.md says; merging the sub-rows into one level per number would give the same sum
but lose the separate evidence.

Indicator 33 (kemanfaatan) may be measured on one of six bases (`BENEFIT_BASES`, each with its own three level
texts); the scheme's level texts are those of basis "a" (people reached).

Nothing here defines Django choices: the models' TextChoices use the same codes.
"""

from __future__ import annotations

from decimal import Decimal

from apps.innovations.index import BASIC_AFFAIR_CODES, Aspect, Category, Indicator, Scheme

# --- code lists of an innovation profile (DOMAIN.md §6), as (code, Indonesian label) -------------------------------
BASIC_AFFAIRS = (
    ("education", "Pendidikan"),
    ("health", "Kesehatan"),
    ("public_works", "Pekerjaan Umum dan Penataan Ruang"),
    ("housing", "Perumahan Rakyat dan Kawasan Permukiman"),
    ("public_order", "Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat"),
    ("social", "Sosial"),
)
if tuple(code for code, _ in BASIC_AFFAIRS) != BASIC_AFFAIR_CODES:  # pragma: no cover - a guard for editors
    raise RuntimeError("BASIC_AFFAIRS must list the codes of index.BASIC_AFFAIR_CODES in the same order")

STAGES = (
    ("inisiatif", "Inisiatif"),
    ("uji_coba", "Uji Coba"),
    ("penerapan", "Penerapan"),
)
INITIATORS = (
    ("kepala_daerah", "Kepala Daerah"),
    ("anggota_dprd", "Anggota DPRD"),
    ("perangkat_daerah", "Perangkat Daerah"),
    ("asn", "ASN"),
    ("masyarakat", "Masyarakat"),
)
KINDS = (
    ("digital", "Digital"),
    ("non_digital", "Non Digital"),
)
FORMS = (
    ("tata_kelola", "Inovasi Tata Kelola Pemerintahan Daerah"),
    ("pelayanan_publik", "Inovasi Pelayanan Publik"),
    ("lainnya_sesuai_urusan", "Inovasi Daerah Lainnya sesuai Urusan Pemerintahan"),
)

BENEFIT_BASES = (
    (
        "a",
        "Jumlah penerima manfaat (orang)",
        ("Penerima manfaat 1–200 orang", "Penerima manfaat 201–500 orang", "Penerima manfaat 501 orang atau lebih"),
    ),
    (
        "b",
        "Cakupan unit penerima manfaat",
        (
            "Cakupan unit penerima manfaat 5,00%–20,00% dari unit sasaran",
            "Cakupan unit penerima manfaat 20,01%–50,00% dari unit sasaran",
            "Cakupan unit penerima manfaat di atas 50,00% dari unit sasaran",
        ),
    ),
    (
        "c",
        "Efisiensi belanja sebelum dan sesudah inovasi",
        ("Efisiensi belanja 0,01%–10,00%", "Efisiensi belanja 10,01%–20,00%", "Efisiensi belanja 20,01%–30,00%"),
    ),
    (
        "d",
        "Penambahan pendapatan sebelum dan sesudah inovasi",
        ("Penambahan pendapatan 0,01%–9,99%", "Penambahan pendapatan 10,00%–19,99%", "Penambahan pendapatan ≥ 20%"),
    ),
    (
        "e",
        "Jumlah produk yang dihasilkan atau diperjualbelikan",
        ("1–100 produk", "101–200 produk", "Lebih dari 200 produk"),
    ),
    (
        "f",
        "Tren kinerja positif dalam periode pengukuran",
        ("Tren positif dalam 1 periode", "Tren positif dalam 2 periode", "Tren positif dalam 3 periode"),
    ),
)

# --- the indicator catalogue ----------------------------------------------------------------------------------------
# (number, part, variable, name, weight, mandatory, (level 1, level 2, level 3))
_INSTITUSI = "Institusi"
_SDM = "Sumber Daya Manusia"
_EKOSISTEM = "Ekosistem Inovasi dan Kajian"

_REGION_ROWS = (
    (1, "", _INSTITUSI, "Visi dan misi inovasi", "1", True,
     ("Kepala Daerah memiliki misi inovasi", "Kepala Daerah memiliki visi inovasi",
      "Kepala Daerah memiliki visi dan misi inovasi")),
    (2, "a", _INSTITUSI, "Penetapan APBD tepat waktu dalam 3 tahun terakhir", "1", False,
     ("Tepat waktu 1 tahun", "Tepat waktu 2 tahun", "Tepat waktu 3 tahun")),
    (2, "b", _INSTITUSI, "Pengalokasian mandatory spending", "1", False,
     ("Memenuhi 2 komponen", "Memenuhi 3 komponen", "Memenuhi lebih dari 3 komponen")),
    (3, "", _INSTITUSI, "Kualitas peningkatan perizinan", "1", True,
     ("≤ −50,32%", "−50,33% s.d. 8,16%", "≥ 8,17%")),
    (4, "", _INSTITUSI, "Jumlah pendapatan per kapita", "1", True,
     ("≤ 2,04%", "2,05% s.d. 5,23%", "≥ 5,23%")),
    (5, "a", _INSTITUSI, "Progres penurunan Tingkat Pengangguran Terbuka (TPT)", "0.75", True,
     ("≤ 0,00", "0,01 s.d. 0,36", "≥ 0,36")),
    (5, "b", _INSTITUSI, "Persentase Tingkat Pengangguran Terbuka (T-1)", "0.75", True,
     ("≥ 5,91", "2,34 s.d. 5,92", "≤ 2,35")),
    (6, "", _INSTITUSI, "Jumlah peningkatan investasi", "1.5", True,
     ("≤ −47,42%", "−47,43% s.d. 94,75%", "≥ 94,76%")),
    (7, "", _INSTITUSI, "Jumlah peningkatan PAD", "1.5", True,
     ("≤ −5,14%", "−5,15% s.d. 33,84%", "≥ 33,85%")),
    (8, "", _INSTITUSI, "Opini BPK", "1.5", True,
     ("TMP (disclaimer) atau TW (adverse)", "WDP (qualified)", "WTP (unqualified)")),
    (9, "", _INSTITUSI, "Nilai capaian LAKIP (SAKIP)", "1", True,
     ("Nilai D atau C", "Nilai B", "Nilai A")),
    (10, "a", _INSTITUSI, "Progres penurunan angka kemiskinan", "0.75", True,
     ("≤ 0,07", "0,08 s.d. 1,15", "≥ 1,16")),
    (10, "b", _INSTITUSI, "Persentase penduduk miskin (T-1)", "0.75", True,
     ("≥ 13,10", "4,81 s.d. 13,11", "≤ 4,82")),
    (11, "a", _SDM, "Peningkatan IPM dua tahun terakhir", "0.75", True,
     ("≤ 0,55", "0,56 s.d. 0,90", "≥ 0,90")),
    (11, "b", _SDM, "Capaian IPM tahun terakhir", "0.75", True,
     ("≤ 69,99", "70,00 s.d. 79,99", "≥ 80,00")),
    (12, "", _SDM, "Penghargaan bagi inovator", "2", False,
     ("Piagam penghargaan bagi inovator", "Piagam dan reward/insentif bagi inovator",
      "Piagam, insentif, dan mekanisme kontrol pembudayaan inovasi")),
    (13, "a", _EKOSISTEM, "Jumlah rekomendasi kebijakan yang mendukung inovasi", "1", False,
     ("1–3 rekomendasi kebijakan", "4–7 rekomendasi kebijakan", "Lebih dari 7 rekomendasi kebijakan")),
    (13, "b", _EKOSISTEM, "Capaian nilai Indeks Kualitas Kebijakan", "1", False,
     ("Cukup atau kurang", "Baik", "Sangat baik atau unggul")),
    (14, "", _EKOSISTEM, "Rencana Induk dan Peta Jalan Pemajuan Iptek Daerah (RIPJ PID)", "1", False,
     ("Masih berbentuk rancangan", "Dokumen selesai dan disepakati", "Ditetapkan dalam Peraturan Kepala Daerah")),
    (15, "", _EKOSISTEM, "Fasilitasi pengakuan Hak Kekayaan Intelektual atas inovasi daerah", "1", False,
     ("Sosialisasi HAKI", "Sosialisasi dan fasilitasi administrasi HAKI",
      "Sosialisasi, fasilitasi, dan insentif pembiayaan HAKI")),
)  # fmt: skip

_INFRA = "Infrastruktur"
_OUTPUT = "Output Pengetahuan dan Teknologi"
_SPEED = "Kecepatan Bisnis Proses"
_PRODUCT = "Kecanggihan Produk"
_RESULTS = "Jumlah Inovasi dan Hasil Kreatif"

_INNOVATION_ROWS = (
    (16, "", _INFRA, "Regulasi inovasi daerah", "3", True,
     ("SK Kepala Daerah atau SK Kepala Perangkat Daerah a.n. Kepala Daerah", "Peraturan Kepala Daerah",
      "Peraturan Daerah")),
    (17, "", _INFRA, "Ketersediaan dan peran SDM terhadap inovasi daerah", "2", True,
     ("1–10 SDM", "11–30 SDM", "Lebih dari 30 SDM")),
    (18, "", _INFRA, "Dukungan anggaran", "2", False,
     ("Satu tahun anggaran", "Dua tahun anggaran berturut-turut", "Tahun T-0, T-1, dan T-2")),
    (19, "", _PRODUCT, "Alat kerja", "2", False,
     ("Manual atau non-elektronik", "Didukung perangkat elektronik",
      "Didukung sistem informasi daring atau kecerdasan artifisial")),
    (20, "", _INFRA, "Bimtek inovasi", "1", False,
     ("1 kali dalam 3 tahun terakhir", "2 kali dalam 3 tahun terakhir", "3 kali atau lebih dalam 3 tahun terakhir")),
    (21, "", _INFRA, "Integrasi program dan kegiatan inovasi dalam RKPD", "2", False,
     ("RKPD T-1 atau T-2", "RKPD T-1 dan T-2", "RKPD T-1, T-2, dan T-0")),
    (22, "", _OUTPUT, "Keterlibatan aktor inovasi", "1", False,
     ("3 aktor termasuk pelaksana", "4 aktor", "5 aktor atau lebih")),
    (23, "", _OUTPUT, "Pelaksana inovasi daerah", "1", False,
     ("Ada pelaksana tanpa surat penetapan", "Surat penugasan Kepala Perangkat Daerah atau setara",
      "SK Kepala Daerah atau SK Kepala Perangkat Daerah a.n. Kepala Daerah")),
    (24, "", _OUTPUT, "Jejaring inovasi", "1", False,
     ("2 Perangkat Daerah", "3–4 Perangkat Daerah", "5 Perangkat Daerah atau lebih")),
    (25, "", _OUTPUT, "Sosialisasi inovasi daerah", "1", False,
     ("Foto kegiatan berlatar spanduk inovasi", "Konten media sosial atau pemberitaan milik pemerintah daerah",
      "Media berita bukan milik pemerintah daerah")),
    (26, "", _SPEED, "Pedoman teknis", "1", False,
     ("Buku manual cetak", "Buku dalam bentuk elektronik", "Buku yang dapat diakses secara daring")),
    (27, "", _SPEED, "Kemudahan informasi layanan", "1", False,
     ("1 metode", "2 metode", "3 metode atau lebih")),
    (28, "", _SPEED, "Kemudahan proses inovasi yang dihasilkan", "2", False,
     ("Hasil diperoleh dalam 6 hari atau lebih", "Hasil diperoleh dalam 2–5 hari", "Hasil diperoleh dalam 1 hari")),
    (29, "", _SPEED, "Penyelesaian layanan pengaduan", "1", False,
     ("≤ 50% atau tidak ada pengaduan", "51%–90%", "≥ 91%")),
    (30, "", _PRODUCT, "Layanan terintegrasi", "2", False,
     ("Layanan berjalan terpisah atau independen", "Terintegrasi dalam satu portal unit organisasi",
      "Terintegrasi dengan unit organisasi lain")),
    (31, "", _PRODUCT, "Replikasi", "3", False,
     ("Pernah 1 kali direplikasi", "Pernah 2 kali direplikasi di daerah berbeda",
      "Pernah 3 kali direplikasi di daerah berbeda")),
    (32, "", _SPEED, "Kecepatan penciptaan inovasi", "2", True,
     ("9 bulan atau lebih", "5–8 bulan", "1–4 bulan")),
    (33, "", _RESULTS, "Kemanfaatan inovasi", "3", True, BENEFIT_BASES[0][2]),
    (34, "", _RESULTS, "Monitoring dan evaluasi inovasi daerah", "2", False,
     ("Laporan monev internal pemerintah daerah", "Laporan Survei Kepuasan Masyarakat",
      "Monev eksternal berbasis penelitian atau kajian")),
    (35, "", _RESULTS, "Video inovasi daerah", "4", True,
     ("Memenuhi 1–2 unsur substansi", "Memenuhi 3–4 unsur substansi", "Memenuhi 5 unsur substansi")),
)  # fmt: skip


def _indicators(aspect: Aspect, rows) -> tuple[Indicator, ...]:
    return tuple(
        Indicator(
            number=number,
            part=part,
            aspect=aspect,
            variable=variable,
            name=name,
            weight=Decimal(weight),
            mandatory=mandatory,
            levels=levels,
        )
        for number, part, variable, name, weight, mandatory, levels in rows
    )


REGION_INDICATORS = _indicators(Aspect.REGION, _REGION_ROWS)
INNOVATION_INDICATORS = _indicators(Aspect.INNOVATION, _INNOVATION_ROWS)

# --- categories -----------------------------------------------------------------------------------------------------
CATEGORY_LABELS = {
    "sangat_inovatif": "Sangat Inovatif",
    "inovatif": "Inovatif",
    "kurang_inovatif": "Kurang Inovatif",
    "tidak_dapat_dinilai": "Tidak Dapat Dinilai",
}


def _categories(very: str, innovative: str) -> tuple[Category, ...]:
    """≥ `very` sangat inovatif; ≥ `innovative` inovatif; > 0 kurang inovatif; 0 tidak dapat dinilai."""
    rows = (
        ("sangat_inovatif", very, True),
        ("inovatif", innovative, True),
        ("kurang_inovatif", "0", False),
        ("tidak_dapat_dinilai", "0", True),
    )
    return tuple(
        Category(name=name, min_score=Decimal(minimum), inclusive=inclusive, label=CATEGORY_LABELS[name])
        for name, minimum, inclusive in rows
    )


def _scheme(year: int, *, k: int, m: int, very: str, innovative: str) -> Scheme:
    return Scheme(
        year=year,
        k=k,
        m=m,
        count_factor=Decimal("0.38"),
        count_cap=200,
        max_total=Decimal(250),
        indicators=REGION_INDICATORS + INNOVATION_INDICATORS,
        categories=_categories(very, innovative),
    )


SCHEMES: dict[int, Scheme] = {
    2023: _scheme(2023, k=10, m=0, very="60.01", innovative="35.00"),
    2024: _scheme(2024, k=10, m=0, very="60.01", innovative="35.00"),
    2026: _scheme(2026, k=12, m=5, very="65.01", innovative="40.01"),
}
