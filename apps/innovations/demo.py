"""Demo innovations and the Indeks Inovasi Daerah (`manage.py load_demo`, after the agreements' PKs).

The 2024 index year: 78 innovations across the departments (CATALOGUE), entered by each department's head through
the services: the profile (a design of 300+ words built from a few paragraph templates per theme), a claimed level
with evidence (a text, a URL, and a small PDF on some) for the indicators 16–35, submitted; Bappeda verifies most,
setting its verified levels (a level lower than claimed here and there), and returns a few with a note per field;
six stay drafts. Bappeda enters the region indicators 1–15 of 2024 (and of this year). The levels are chosen so that
the self-assessed (claimed) 2024 index is between 60 and 65, "sangat inovatif", as the cities that report theirs.

This year: a handful of entries, most carried over from 2024 (`previous_entry`) at stage uji_coba or penerapan and
linked to a sasaran of the department's PK of this year, so that this year's index and the dashboard's list of
departments without an innovation at uji_coba or penerapan have data.

Deterministic (no randomness) and idempotent: an innovation that exists (department, year, name) is left as it is,
and region indicators of a year that has them are not written again, so a second run writes nothing.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.agreements.models import AgreementObjective
from apps.departments.demo import CREATED, UNCHANGED, DemoRun
from apps.departments.models import Department

from . import services
from .models import Innovation, InnovationStatus, RegionIndicator

S = InnovationStatus
INDEX_YEAR = 2024
DIGITAL, NON_DIGITAL = "digital", "non_digital"
TK, PP, LU = "tata_kelola", "pelayanan_publik", "lainnya_sesuai_urusan"

# (department short name, innovation name, main affair, overlapping affairs, kind, form, theme)
# fmt: off
CATALOGUE = [
    ("Disdukcapil", "Si Cantik (Sistem Cepat Akta Kelahiran)", "population_registry", ["health"], DIGITAL, PP, "layanan"),  # noqa: E501
    ("Disdukcapil", "Dukcapil Jemput Bola (Dujebol)", "population_registry", ["social"], NON_DIGITAL, PP, "layanan"),
    ("Disdukcapil", "Anjungan Dukcapil Mandiri", "population_registry", [], DIGITAL, PP, "layanan"),
    ("Disdukcapil", "Kawal Nikah Langsung Cetak KK", "population_registry", [], NON_DIGITAL, PP, "layanan"),
    ("Dinkes", "Posyandu Digital", "health", ["communication"], DIGITAL, PP, "kesehatan"),
    ("Dinkes", "Gerakan Bersama Cegah Stunting (Gebrak Stunting)", "health", ["food"], NON_DIGITAL, LU, "kesehatan"),
    ("Dinkes", "Puskesmas Tanpa Antre (Puskesta)", "health", [], DIGITAL, PP, "kesehatan"),
    ("Dinkes", "Ambulans Gratis 112 Banjarbaru Sehat", "health", ["public_order"], NON_DIGITAL, PP, "kesehatan"),
    ("Dinkes", "Si Jaga Lansia (Sistem Pendataan Lansia Sehat)", "health", ["social"], DIGITAL, LU, "kesehatan"),
    ("RSUD Idaman", "Rekam Medis Elektronik Terintegrasi", "health", ["communication"], DIGITAL, PP, "kesehatan"),
    ("RSUD Idaman", "Obat Antar ke Rumah (Obras)", "health", [], NON_DIGITAL, PP, "kesehatan"),
    ("RSUD Idaman", "Antrean Poliklinik Daring", "health", [], DIGITAL, PP, "kesehatan"),
    ("Disdik", "Sekolah Ramah Anak Berbasis Literasi", "education", ["women_child"], NON_DIGITAL, LU, "pendidikan"),
    ("Disdik", "PPDB Daring Banjarbaru", "education", ["communication"], DIGITAL, PP, "pendidikan"),
    ("Disdik", "Guru Berbagi Praktik Baik (Gurbak)", "education", [], NON_DIGITAL, LU, "pendidikan"),
    ("Disdik", "Rapor Digital Sekolah Dasar", "education", [], DIGITAL, TK, "pendidikan"),
    ("Disdik", "Gerakan Ayo Kembali Sekolah", "education", ["social"], NON_DIGITAL, LU, "pendidikan"),
    ("PUPR", "Lapor Jalan Rusak (Lajur)", "public_works", ["communication"], DIGITAL, PP, "infrastruktur"),
    ("PUPR", "Sistem Informasi Drainase Kota", "public_works", [], DIGITAL, TK, "infrastruktur"),
    ("PUPR", "PBG Cepat Tanpa Tatap Muka", "public_works", ["investment"], DIGITAL, PP, "infrastruktur"),
    ("Disperkim", "Bedah Rumah Gotong Royong", "housing", ["social"], NON_DIGITAL, LU, "permukiman"),
    ("Disperkim", "Peta Kawasan Kumuh Digital (Si Petak)", "housing", [], DIGITAL, TK, "permukiman"),
    ("Disperkim", "Penerangan Jalan Umum Pintar", "housing", ["energy_minerals"], DIGITAL, LU, "permukiman"),
    ("Satpol PP", "Patroli Ketertiban Berbasis Aduan (Patrol Aduan)", "public_order", [], DIGITAL, PP, "ketertiban"),
    ("Satpol PP", "Satpol PP Sahabat PKL", "public_order", ["trade"], NON_DIGITAL, LU, "ketertiban"),
    ("BPBD", "Kampung Siaga Bencana", "public_order", ["social"], NON_DIGITAL, LU, "ketertiban"),
    ("BPBD", "Peringatan Dini Banjir Berbasis Sensor", "public_order", ["public_works"], DIGITAL, LU, "ketertiban"),
    ("BPBD", "Sekolah Aman Bencana", "public_order", ["education"], NON_DIGITAL, LU, "ketertiban"),
    ("Dinsos", "Data Terpadu Kesejahteraan Sosial Mandiri", "social", ["communication"], DIGITAL, TK, "sosial"),
    ("Dinsos", "Rumah Singgah Disabilitas", "social", ["health"], NON_DIGITAL, PP, "sosial"),
    ("Dinsos", "Bansos Tepat Sasaran (Bantas)", "social", [], DIGITAL, TK, "sosial"),
    ("DP3AKB", "Ruang Bersama Perempuan dan Anak", "women_child", ["social"], NON_DIGITAL, LU, "sosial"),
    ("DP3AKB", "Lapor Kekerasan Satu Pintu (Lakasa)", "women_child", ["public_order"], DIGITAL, PP, "sosial"),
    ("DP3AKB", "Kampung KB Berdaya", "family_planning", ["health"], NON_DIGITAL, LU, "sosial"),
    ("DKP3", "Pekarangan Pangan Lestari", "food", ["agriculture"], NON_DIGITAL, LU, "ekonomi"),
    ("DKP3", "Kartu Tani Digital", "agriculture", [], DIGITAL, LU, "ekonomi"),
    ("DKP3", "Pasar Ikan Higienis", "fisheries", ["health"], NON_DIGITAL, LU, "ekonomi"),
    ("DLH", "Bank Sampah Digital (Basdig)", "environment", ["communication"], DIGITAL, LU, "lingkungan"),
    ("DLH", "Kampung Iklim Banjarbaru", "environment", [], NON_DIGITAL, LU, "lingkungan"),
    ("DLH", "Uji Emisi Keliling", "environment", ["transport"], NON_DIGITAL, PP, "lingkungan"),
    ("Dishub", "Parkir Non Tunai", "transport", ["communication"], DIGITAL, PP, "layanan"),
    ("Dishub", "Angkutan Sekolah Gratis", "transport", ["education"], NON_DIGITAL, PP, "layanan"),
    ("Dishub", "Lampu Lalu Lintas Adaptif", "transport", [], DIGITAL, LU, "infrastruktur"),
    ("Diskominfo", "Banjarbaru Satu Data", "statistics", ["communication"], DIGITAL, TK, "tata kelola"),
    ("Diskominfo", "Aplikasi Aduan Warga (Ulun Lapor)", "communication", [], DIGITAL, PP, "tata kelola"),
    ("Diskominfo", "WiFi Publik Taman Kota", "communication", [], DIGITAL, PP, "layanan"),
    ("Diskopukmnaker", "Klinik UMKM Naik Kelas", "cooperatives_smes", [], NON_DIGITAL, LU, "ekonomi"),
    ("Diskopukmnaker", "Bursa Kerja Daring", "labour", ["communication"], DIGITAL, PP, "ekonomi"),
    ("DPMPTSP", "Mal Pelayanan Publik", "investment", ["population_registry"], NON_DIGITAL, PP, "layanan"),
    ("DPMPTSP", "Izin Antar ke Rumah (Si Antar)", "investment", [], NON_DIGITAL, PP, "layanan"),
    ("DPMPTSP", "Pendampingan OSS bagi Pelaku Usaha Mikro", "investment", ["cooperatives_smes"], DIGITAL, PP, "layanan"),  # noqa: E501
    ("Disporabudpar", "Kalender Event Kota Digital", "tourism", ["culture"], DIGITAL, LU, "ekonomi"),
    ("Disporabudpar", "Sanggar Seni Sekolah", "culture", ["education"], NON_DIGITAL, LU, "pendidikan"),
    ("Dispersip", "Perpustakaan Keliling Kampung (Pusling)", "library", ["education"], NON_DIGITAL, PP, "pendidikan"),
    ("Dispersip", "Arsip Digital Perangkat Daerah", "archives", [], DIGITAL, TK, "tata kelola"),
    ("Disdag", "Pasar Tertib Ukur", "trade", [], NON_DIGITAL, PP, "ekonomi"),
    ("Disdag", "Info Harga Pangan Harian (Si Harpa)", "trade", ["food"], DIGITAL, PP, "ekonomi"),
    ("Setda", "Rapat Tanpa Kertas (E-Rapat)", "governance_support", [], DIGITAL, TK, "tata kelola"),
    ("Setda", "Sistem Layanan Hukum dan Produk Hukum Daring", "governance_support", [], DIGITAL, TK, "tata kelola"),
    ("Setwan", "Reses Terpadu Daring", "governance_support", [], DIGITAL, TK, "tata kelola"),
    ("Bappeda", "Musrenbang Elektronik (E-Musrenbang)", "governance_support", [], DIGITAL, TK, "tata kelola"),
    ("Bappeda", "Kinerja Terpadu Perangkat Daerah", "governance_support", ["research"], DIGITAL, TK, "tata kelola"),
    ("BPKPAD", "Pajak Daerah Non Tunai (Padanta)", "governance_support", [], DIGITAL, TK, "tata kelola"),
    ("BPKPAD", "Aset Daerah Terpetakan (Si Aset)", "governance_support", [], DIGITAL, TK, "tata kelola"),
    ("BKPSDM", "Layanan Kepegawaian Tanpa Kertas", "governance_support", [], DIGITAL, TK, "tata kelola"),
    ("BKPSDM", "ASN Belajar Mandiri (Aksara)", "governance_support", ["education"], DIGITAL, TK, "tata kelola"),
    ("Inspektorat", "Klinik Pengawasan Keuangan Desa dan Kelurahan", "supervision", [], NON_DIGITAL, TK, "tata kelola"),
    ("Inspektorat", "Whistleblowing System Terpadu", "supervision", [], DIGITAL, TK, "tata kelola"),
    ("Kec. Banjarbaru Utara", "Kelurahan Tanggap Aduan (Keltan)", "general_government", [], DIGITAL, PP, "layanan"),
    ("Kec. Banjarbaru Utara", "Posyandu Remaja Kreatif", "health", ["youth_sports"], NON_DIGITAL, LU, "kesehatan"),
    ("Kec. Banjarbaru Selatan", "PATEN Keliling Kecamatan", "general_government", [], NON_DIGITAL, PP, "layanan"),
    ("Kec. Banjarbaru Selatan", "Lorong Hijau Bersih", "environment", ["housing"], NON_DIGITAL, LU, "lingkungan"),
    ("Kec. Cempaka", "Kampung Intan Wisata Edukasi", "tourism", ["culture"], NON_DIGITAL, LU, "ekonomi"),
    ("Kec. Cempaka", "Surat Keterangan Daring Kelurahan", "general_government", [], DIGITAL, PP, "layanan"),
    ("Kec. Landasan Ulin", "Pos Ronda Digital", "public_order", ["communication"], DIGITAL, LU, "ketertiban"),
    ("Kec. Liang Anggang", "Dapur Sehat Atasi Stunting (Dashat)", "health", ["food"], NON_DIGITAL, LU, "kesehatan"),
    ("Kesbangpol", "Forum Kerukunan Digital", "general_government", [], DIGITAL, LU, "ketertiban"),
    ("Kec. Liang Anggang", "Layanan Adminduk di Kelurahan (Lada)", "population_registry", [], DIGITAL, PP, "layanan"),
]
# fmt: on

#: The state of the n-th catalogue entry (the rest are verified or submitted, see _state).
DRAFTS = {3, 16, 22, 35, 52, 66}
RETURNED = {11, 29, 44, 70}
SUBMITTED_EVERY = 4  # every fourth of the others waits as submitted

#: The claimed level of each innovation indicator for a typical innovation; _levels varies it per innovation.
BASE_LEVELS = {16: 2, 17: 3, 18: 3, 19: 3, 20: 2, 21: 3, 22: 2, 23: 2, 24: 2, 25: 3}
BASE_LEVELS |= {26: 2, 27: 3, 28: 3, 29: 2, 30: 2, 31: 0, 32: 3, 33: 3, 34: 2, 35: 2}
#: Region indicators 1–15 (with sub-parts) as Bappeda entered them: (claimed, verified).
REGION_LEVELS = {
    "1": (3, 3), "2a": (3, 3), "2b": (2, 2), "3": (3, 3), "4": (3, 2), "5a": (2, 1), "5b": (2, 2),
    "6": (3, 2), "7": (3, 3), "8": (3, 3), "9": (2, 2), "10a": (2, 2), "10b": (2, 2), "11a": (2, 2),
    "11b": (3, 3), "12": (2, 2), "13a": (2, 1), "13b": (1, 1), "14": (3, 2), "15": (2, 1),
}  # fmt: skip

PROBLEMS = {
    "layanan": "antrean panjang, berkas yang harus dibawa berulang kali, dan waktu penyelesaian yang tidak pasti",
    "kesehatan": "akses layanan kesehatan yang belum merata, data sasaran yang tercecer, dan rujukan yang lambat",
    "pendidikan": "angka putus sekolah, kemampuan literasi yang rendah, dan kesenjangan mutu antarsekolah",
    "infrastruktur": "laporan kerusakan yang lambat ditangani dan perencanaan yang belum berbasis data lapangan",
    "permukiman": "rumah tidak layak huni, kawasan kumuh, dan prasarana lingkungan yang belum memadai",
    "ketertiban": "gangguan ketertiban, risiko bencana, dan respons petugas yang belum terkoordinasi",
    "sosial": "data penerima bantuan yang tidak mutakhir dan kelompok rentan yang belum terjangkau layanan",
    "ekonomi": "pelaku usaha kecil yang sulit naik kelas, harga yang berfluktuasi, dan akses pasar yang terbatas",
    "lingkungan": "timbulan sampah yang terus naik, ruang terbuka hijau yang berkurang, dan kesadaran warga",
    "tata kelola": "proses administrasi yang masih manual, dokumen yang tersebar, dan koordinasi yang lambat",
}
PARAGRAPHS = (
    "Latar belakang. {department} mencatat bahwa masyarakat Kota Banjarbaru masih menghadapi {problem}. Keluhan "
    "yang masuk melalui kanal pengaduan, hasil survei kepuasan masyarakat, dan temuan evaluasi internal menunjukkan "
    "bahwa cara kerja lama tidak lagi memadai. Karena itu disusun inovasi {name} sebagai jawaban yang terukur, "
    "sederhana dijalankan oleh petugas, dan mudah dipahami oleh warga yang dilayani.",
    "Permasalahan. Sebelum inovasi ini, setiap tahapan pekerjaan bergantung pada pertemuan tatap muka dan catatan "
    "kertas yang sulit ditelusuri. Petugas tidak memiliki gambaran utuh tentang beban kerja, pimpinan tidak dapat "
    "memantau capaian secara berkala, dan masyarakat tidak mengetahui sampai di mana permohonan atau kebutuhannya "
    "ditangani. Kondisi ini menimbulkan biaya waktu dan biaya tenaga yang tinggi bagi semua pihak yang terlibat.",
    "Isu strategis. Inovasi ini mendukung misi Wali Kota untuk mewujudkan pelayanan publik yang cepat, mudah, dan "
    "terjangkau serta tata kelola pemerintahan yang bersih. Inovasi juga selaras dengan sasaran Rencana Strategis "
    "{department} dan menjadi bagian dari upaya kota untuk meningkatkan Indeks Inovasi Daerah, Indeks Kepuasan "
    "Masyarakat, dan nilai Sistem Akuntabilitas Kinerja Instansi Pemerintah dari tahun ke tahun.",
    "Metode pembaruan. {name} mengubah cara kerja dengan langkah-langkah berikut: pemetaan proses bisnis yang ada, "
    "penyederhanaan persyaratan, penetapan standar waktu layanan, pembagian peran yang jelas antara petugas dan "
    "mitra, serta {method}. Setiap langkah diuji coba terlebih dahulu pada lokasi terbatas, dievaluasi bersama "
    "warga, lalu diperluas ke seluruh wilayah kota setelah hasilnya terbukti.",
    "Keunggulan dan kebaruan. Dibandingkan cara sebelumnya, inovasi ini memangkas waktu layanan, mengurangi tatap "
    "muka yang tidak perlu, dan menyediakan data yang dapat dipakai untuk perencanaan. Warga dapat memantau proses, "
    "menyampaikan pengaduan, dan memberi penilaian atas layanan yang diterima. Pimpinan perangkat daerah menerima "
    "laporan berkala sehingga hambatan dapat segera diatasi dan praktik baik dapat direplikasi.",
    "Tahapan dan keberlanjutan. Pelaksanaan dimulai dengan penetapan tim, penyusunan pedoman teknis, pelatihan "
    "petugas, dan sosialisasi kepada masyarakat melalui kelurahan, media sosial, dan forum warga. Keberlanjutan "
    "dijamin dengan dasar hukum yang ditetapkan kepala daerah, dukungan anggaran dalam APBD, pemantauan dan evaluasi "
    "setiap triwulan, serta kerja sama dengan perguruan tinggi, dunia usaha, dan komunitas setempat.",
)
METHODS = {
    DIGITAL: "pemanfaatan aplikasi yang terhubung dengan basis data kota sehingga layanan dapat diakses dari "
    "telepon genggam kapan saja tanpa harus datang ke kantor",
    NON_DIGITAL: "pendekatan jemput bola dengan melibatkan kader, ketua RT, dan tokoh masyarakat sehingga layanan "
    "hadir langsung di tengah warga yang paling membutuhkan",
}
EVIDENCE = {
    16: "Peraturan Wali Kota Banjarbaru tentang {name}",
    17: "SK tim pelaksana {name}: 24 orang",
    18: "DPA {department} tahun 2022, 2023 dan 2024",
    19: "Aplikasi dan perangkat kerja yang dipakai petugas",
    20: "Bimbingan teknis petugas pelaksana, daftar hadir",
    21: "Tercantum dalam RKPD Kota Banjarbaru 2024",
    22: "Pelaksana: perangkat daerah, kelurahan dan komunitas",
    23: "Nota kesepahaman dengan mitra pelaksana",
    24: "Jejaring inovasi dengan perangkat daerah lain",
    25: "Sosialisasi melalui media sosial dan forum warga",
    26: "Pedoman teknis dan SOP {name}",
    27: "Informasi layanan di laman resmi perangkat daerah",
    28: "Proses layanan selesai dalam satu hari kerja",
    29: "Rekap pengaduan dan tindak lanjut triwulanan",
    30: "Terintegrasi dengan program perangkat daerah lain",
    31: "Direplikasi oleh kecamatan dan perangkat daerah lain",
    32: "Inovasi dapat diwujudkan dalam waktu kurang dari 5 bulan",
    33: "Jumlah penerima manfaat lebih dari 500 orang",
    34: "Laporan monitoring dan evaluasi independen",
    35: "Video inovasi di kanal resmi Pemerintah Kota Banjarbaru",
}
RETURN_NOTES = {
    "design": "Rancang bangun belum menjelaskan tahapan uji coba.",
    "indicators": "Bukti dukung indikator 18 (dukungan anggaran) belum dilampirkan.",
}
#: Innovations of this year (catalogue index of the 2024 entry to carry over, stage), and new entries.
CARRIED = [(0, "penerapan"), (4, "penerapan"), (13, "uji_coba"), (17, "penerapan"), (47, "penerapan")]
NEW_THIS_YEAR = [
    ("Disperkim", "Air Minum Aman Berbasis Masyarakat", "housing", ["health"], NON_DIGITAL, LU, "permukiman"),
    ("Dinsos", "Kartu Lansia Sejahtera", "social", [], DIGITAL, PP, "sosial"),
    ("Satpol PP", "Linmas Siaga Kelurahan", "public_order", [], NON_DIGITAL, LU, "ketertiban"),
]


def evidence_pdf(title: str) -> bytes:
    """A valid one-page PDF of a few hundred bytes saying `title` (ASCII)."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 11 Tf 40 100 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:60]


def _head_account(department) -> User | None:
    return User.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk").first()


def design_text(*, name: str, department: Department, theme: str, kind: str) -> str:
    """A design (rancang bangun) of 300+ words in HTML paragraphs, from the templates for the theme."""
    values = {"name": name, "department": department.name, "problem": PROBLEMS[theme], "method": METHODS[kind]}
    return "".join(f"<p>{paragraph.format(**values)}</p>" for paragraph in PARAGRAPHS)


def _state(index: int) -> str:
    if index in DRAFTS:
        return S.DRAFT
    if index in RETURNED:
        return S.RETURNED
    return S.SUBMITTED if index % SUBMITTED_EVERY == 1 else S.VERIFIED


def _stage(index: int) -> str:
    return ("penerapan", "penerapan", "uji_coba", "penerapan", "inisiatif")[index % 5]


def _dates(stage: str, index: int, year: int) -> tuple[datetime.date | None, datetime.date | None]:
    trial = datetime.date(year - 1 - index % 2, 1 + index % 12, 1 + index % 27)
    if stage == "inisiatif":
        return None, None
    if stage == "uji_coba":
        return trial, None
    return trial, datetime.date(year, 1 + index % 6, 1 + index % 27)


def _levels(index: int, *, replicated: bool) -> dict[int, int]:
    """The claimed levels of the n-th innovation: the base, one step up or down on a few indicators."""
    levels = {}
    for number, base in BASE_LEVELS.items():
        shift = (index * 7 + number * 3) % 9
        level = base + (1 if shift == 0 else -1 if shift in (1, 2) else 0)
        levels[number] = max(1, min(3, level))
    levels[31] = 2 if replicated else 0
    return levels


def _verified_level(index: int, number: int, claimed: int) -> int:
    """Bappeda's level: the claimed one, one lower where the evidence asks for more."""
    return claimed - 1 if (index + number) % 6 == 0 else claimed


def _profile(entry, *, index: int, year: int, department: Department, stage: str) -> dict:
    _short, name, main, affairs, kind, form, theme = entry
    trial, implementation = _dates(stage, index, year)
    return {
        "name": name,
        "stage": stage,
        "initiator": ("perangkat_daerah", "kepala_daerah", "asn", "perangkat_daerah", "masyarakat")[index % 5],
        "initiator_name": department.name
        if index % 5 in (0, 3)
        else ("Wali Kota Banjarbaru", "Tim inovasi")[index % 2],
        "kind": kind,
        "form": form,
        "theme": theme.capitalize(),
        "main_affair": main,
        "affairs": list(affairs),
        "trial_date": trial,
        "implementation_date": implementation,
        "design": design_text(name=name, department=department, theme=theme, kind=kind),
        "goals": f"Mewujudkan layanan {theme} yang cepat, mudah dan terjangkau melalui {name}.",
        "benefits": "Waktu layanan lebih singkat, biaya masyarakat berkurang dan data layanan tersedia setiap saat.",
        "results": f"Sejak diterapkan, {name} dimanfaatkan oleh {600 + index * 37} warga dengan kepuasan 88%.",
        "video_url": f"https://www.youtube.com/watch?v=bjb{year}{index:03d}",
    }


def _claim(innovation: Innovation, levels: dict[int, int], *, head: User, index: int, department) -> None:
    for number, level in levels.items():
        if not level:
            continue
        text = EVIDENCE[number].format(name=innovation.name, department=department.short_name)
        extra = {"evidence_text": text}
        if number in (16, 26):
            extra["evidence_url"] = f"https://jdih.banjarbarukota.go.id/inovasi/{innovation.year}/{index}-{number}"
        if number == 16 and index % 6 == 0:
            extra["evidence_file"] = ContentFile(evidence_pdf(text), name=f"regulasi-{_slug(innovation.name)}.pdf")
        services.indicator_claim(innovation=innovation, number=number, level=level, by=head, **extra)


def _walk(innovation: Innovation, state: str, levels: dict[int, int], *, head: User, bappeda: User, index: int):
    if state == S.DRAFT:
        return
    services.innovation_submit(innovation=innovation, by=head)
    if state == S.RETURNED:
        services.innovation_return(innovation=innovation, by=bappeda, notes=RETURN_NOTES)
    elif state == S.VERIFIED:
        for number, level in levels.items():
            if level:
                verified = _verified_level(index, number, level)
                services.indicator_verify(innovation=innovation, number=number, level=verified, by=bappeda)
        services.innovation_verify(innovation=innovation, by=bappeda, comment="Sesuai bukti dukung.")


def _enter(run: DemoRun, entry, *, index: int, year: int, state: str, bappeda: User, stage: str, **links):
    """One innovation entered by its department's head and taken to `state`; None when it exists already."""
    department = Department.objects.filter(short_name=entry[0]).first()
    head = _head_account(department) if department else None
    if head is None:
        return None
    existing = Innovation.objects.filter(department=department, year=year, name=entry[1]).first()
    if existing is not None:
        run.record(Innovation, UNCHANGED)
        return existing
    fields = _profile(entry, index=index, year=year, department=department, stage=stage)
    if index % 10 == 7:
        fields["budget_file"] = ContentFile(evidence_pdf(f"RAB {entry[1]}"), name=f"rab-{_slug(entry[1])}.pdf")
    if index % 10 == 8:
        fields["profile_file"] = ContentFile(evidence_pdf(f"Profil {entry[1]}"), name=f"profil-{_slug(entry[1])}.pdf")
    innovation = services.innovation_create(department=department, year=year, by=head, **fields, **links)
    replicated = bool(links.get("replicated_from") or links.get("replicated_from_region"))
    levels = _levels(index, replicated=replicated)
    if state == S.DRAFT:
        levels = {number: level for number, level in levels.items() if number < 22}
    _claim(innovation, levels, head=head, index=index, department=department)
    _walk(innovation, state, levels, head=head, bappeda=bappeda, index=index)
    run.record(Innovation, CREATED)
    return innovation


def _region_indicators(run: DemoRun, year: int, *, bappeda: User, lower: int = 0) -> None:
    if RegionIndicator.objects.filter(year=year).exists():
        run.record(RegionIndicator, UNCHANGED)
        return
    for code, (claimed, verified) in REGION_LEVELS.items():
        services.region_indicator_set(
            year=year,
            code=code,
            by=bappeda,
            claimed_level=claimed,
            verified_level=max(0, verified - lower),
            evidence_text=f"Dokumen pendukung indikator {code} tahun {year - 1}",
            evidence_url=f"https://bappeda.banjarbarukota.go.id/iid/{year}/{code}",
        )
        run.record(RegionIndicator, CREATED)


def _objective(department: Department, year: int) -> AgreementObjective | None:
    return (
        AgreementObjective.objects.filter(
            agreement__department=department, agreement__year=year, agreement__position__isnull=True
        )
        .order_by("-agreement__version", "order", "pk")
        .first()
    )


def load_innovations(run: DemoRun) -> None:
    bappeda = User.objects.filter(role=Role.BAPPEDA, is_active=True).order_by("pk").first()
    if bappeda is None:
        return
    this_year = timezone.localdate().year
    _region_indicators(run, INDEX_YEAR, bappeda=bappeda)
    entries = {}
    for index, entry in enumerate(CATALOGUE):
        links = {}
        if index % 13 == 5:
            links["replicated_from_region"] = ("Kota Surabaya", "Kabupaten Banyuwangi", "Kota Makassar")[index % 3]
        elif index % 13 == 9 and index - 9 in entries:
            links["replicated_from"] = entries[index - 9]
        entries[index] = _enter(
            run, entry, index=index, year=INDEX_YEAR, state=_state(index), bappeda=bappeda, stage=_stage(index), **links
        )
    if this_year <= INDEX_YEAR:
        return
    _region_indicators(run, this_year, bappeda=bappeda, lower=1)
    later = [(CATALOGUE[i], i, stage, entries.get(i)) for i, stage in CARRIED]
    later += [(entry, 100 + n, ("uji_coba", "penerapan")[n % 2], None) for n, entry in enumerate(NEW_THIS_YEAR)]
    for n, (entry, index, stage, previous) in enumerate(later):
        department = Department.objects.filter(short_name=entry[0]).first()
        if department is None:
            continue
        links = {"plan_objective": _objective(department, this_year)}
        if previous is not None:
            links["previous_entry"] = previous
        _enter(
            run,
            entry,
            index=index,
            year=this_year,
            state=(S.VERIFIED, S.SUBMITTED, S.VERIFIED, S.DRAFT)[n % 4],
            bappeda=bappeda,
            stage=stage,
            **links,
        )


STEPS = [load_innovations]
