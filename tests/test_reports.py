"""Issue 8, reports: the LKjIP capaian table (Excel, PDF), the E.81 table, their numbers and query budgets."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from apps.progress.models import BudgetRealisation, ReportStatus
from apps.reports import capaian, e81, excel, services
from apps.reports.models import ReportKind

from .factories import DepartmentFactory, RegionFactory
from .factories_reports import e81_department
from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db
D = Decimal


def scored(department, year=2026):
    """Sasaran 1: positive T 80 (R 92 → 115,00) and band 80–90 (R 70 → 87,50); sasaran 2: negative T 10, only a
    draft (not counted: not reported)."""
    agreement = make_scored_agreement(
        department,
        [
            [{"polarity": "positive", "target": "80"}, {"polarity": "positive", "band": ("80", "90")}],
            [{"polarity": "negative", "target": "10"}],
        ],
        year=year,
    )
    first, band, negative = indicators_of(agreement)
    make_report(first, 1, "92")
    make_report(band, 2, "70", status=ReportStatus.SUBMITTED)
    make_report(negative, 1, "9", status=ReportStatus.DRAFT)
    return agreement


def rows_of(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def row_with(sheet, text):
    for row in sheet.iter_rows():
        if any(cell.value == text for cell in row):
            return row
    raise AssertionError(f"no row with {text!r}")


# --- The capaian table --------------------------------------------------------------------------------------------
def test_the_capaian_table_gives_each_indicator_its_realisasi_capaian_and_predicate(department):
    agreement = scored(department)
    report = capaian.capaian_report(year=2026, departments=[department], is_region=False)
    (table,) = report.departments
    assert table.agreement == agreement
    first, band, negative = table.rows
    assert (first.actual, first.percent, first.predicate.label) == (D(92), D("115.00"), "Sangat Tinggi")
    assert (band.actual, band.percent, band.predicate.label) == (D(70), D("87.50"), "Tinggi")
    assert (band.target_text, band.objective_percent) == ("80–90 %", D("101.25"))
    # A draft does not count: the indicator is "not reported", never 0, and is left out of the averages.
    assert (negative.actual, negative.percent, negative.predicate, negative.actual_text) == (None, None, None, "")
    assert table.percent == D("101.25")
    assert table.predicate.label == "Sangat Tinggi"


def test_a_department_without_a_signed_pk_has_an_empty_table(department, other_department):
    scored(department)
    report = capaian.capaian_report(year=2026, departments=[department, other_department], is_region=True)
    other = next(t for t in report.departments if t.department == other_department)
    assert (other.agreement, other.rows, other.percent) == (None, [], None)
    assert report.percent == D("101.25")  # the mean over the departments that have a capaian


def test_the_region_figure_is_the_mean_of_the_departments_capped_capaian(department, other_department):
    scored(department)  # 101,25
    agreement = make_scored_agreement(other_department, [[{"polarity": "positive", "target": "10"}]])
    make_report(indicators_of(agreement)[0], 1, "20")  # 200 → capped at 120
    report = capaian.capaian_report(year=2026, departments=[department, other_department], is_region=True)
    assert [t.percent for t in report.departments] == [D("101.25"), D("120.00")]  # a department uses capped values
    assert report.percent == D("110.63")  # (101,25 + 120) / 2, half-up


@pytest.mark.parametrize("kind", [ReportKind.CAPAIAN_XLSX, ReportKind.E81_XLSX])
@pytest.mark.parametrize("departments", [2, 6])
def test_the_region_report_costs_the_same_queries_for_two_or_six_departments(
    kind, departments, django_assert_max_num_queries
):
    RegionFactory()
    for _ in range(departments):
        department = DepartmentFactory()
        if kind == ReportKind.E81_XLSX:
            e81_department(department)
        else:
            scored(department)
    budget = 7 if kind == ReportKind.CAPAIAN_XLSX else 15
    with django_assert_max_num_queries(budget):
        built = services.report_build(kind=kind, year=2026, department=None)
    assert built.content.startswith(b"PK")  # a zip: the .xlsx


# --- Excel ----------------------------------------------------------------------------------------------------
def test_the_capaian_workbook_holds_numbers_with_indonesian_formats(region, department):
    scored(department)
    built = services.report_build(kind=ReportKind.CAPAIAN_XLSX, year=2026, department=department)
    assert built.filename == "capaian-kinerja-2026-disdik.xlsx"
    sheet = load_workbook(io.BytesIO(built.content))["Capaian Kinerja"]
    assert [sheet.cell(row=r, column=1).value for r in (1, 2, 3)] == [
        "TABEL CAPAIAN KINERJA TAHUN 2026",
        "DINAS PENDIDIKAN",
        "PEMERINTAH KOTA BANJARBARU",
    ]
    first = row_with(sheet, "Indikator 1.1")
    target, actual, percent, predicate = (first[i] for i in (4, 5, 6, 7))
    assert (target.value, actual.value, percent.value, predicate.value) == (80, 92, 115, "Sangat Tinggi")
    assert (target.number_format, percent.number_format) == ("[$-421]#,##0", "[$-421]#,##0.00")
    assert row_with(sheet, "Indikator 1.2")[4].value == "80–90"  # a band is text
    missing = row_with(sheet, "Indikator 2.1")
    assert (missing[5].value, missing[6].value) == ("belum dilaporkan", None)
    total = row_with(sheet, "Capaian Kinerja Perangkat Daerah")
    assert (total[6].value, total[7].value) == (101.25, "Sangat Tinggi")


def test_the_region_workbook_has_a_summary_sheet_and_every_department(region, department, other_department):
    scored(department)
    built = services.report_build(kind=ReportKind.CAPAIAN_XLSX, year=2026, department=None)
    workbook = load_workbook(io.BytesIO(built.content))
    assert workbook.sheetnames == ["Ringkasan", "Capaian Kinerja"]
    summary = workbook["Ringkasan"]
    assert [c.value for c in row_with(summary, "Dinas Pendidikan")][3:] == [101.25, "Sangat Tinggi"]
    assert row_with(summary, "Dinas Kesehatan")[2].value == excel.NO_AGREEMENT
    names = [r[0] for r in rows_of(workbook["Capaian Kinerja"])]
    assert "Dinas Pendidikan" in names and "Dinas Kesehatan" in names


def test_the_region_workbook_merges_as_merge_cells_would(region, department, other_department):
    """excel.merge skips openpyxl's overlap check (quadratic): the ranges are those merge_cells would make, never
    overlapping, and every cell they cover but the first is a merged cell."""
    from openpyxl.worksheet.cell_range import CellRange

    scored(department)
    built = services.report_build(kind=ReportKind.CAPAIAN_XLSX, year=2026, department=None)
    sheet = load_workbook(io.BytesIO(built.content))["Capaian Kinerja"]
    ranges = sorted(str(r) for r in sheet.merged_cells.ranges)
    first = row_with(sheet, "Indikator 1.1")[0].row
    assert {f"A{first}:A{first + 1}", f"B{first}:B{first + 1}", f"I{first}:I{first + 1}"} <= set(ranges)
    total = row_with(sheet, "Capaian Kinerja Perangkat Daerah")[0].row
    assert f"A{total}:F{total}" in ranges and "A1:I1" in ranges
    cells = [CellRange(r) for r in ranges]
    assert not any(a.coord != b.coord and not a.isdisjoint(b) for a in cells for b in cells)
    for merged in cells:
        covered = [sheet.cell(row=r, column=c) for r, c in merged.cells]
        assert all(type(cell).__name__ == "MergedCell" for cell in covered[1:])


# --- E.81 -------------------------------------------------------------------------------------------------------
def test_e81_rows_carry_the_renstra_target_earlier_years_quarters_and_totals(region, department):
    e81_department(department)
    report = e81.e81_report(year=2026, departments=[department], is_region=False)
    objective, indicator, program = report.rows
    assert (objective.kind, objective.objective) == ("objective", "Meningkatnya kualitas perencanaan")
    assert indicator.renstra_k.value == D(40)
    assert indicator.before_k == D(10)  # 2025's realisasi (a `sum` indicator adds the years)
    assert indicator.target_k.value == D(12)
    assert indicator.quarters_k == [D(3), D(4), None, None]  # TW III–IV not reported: empty, never 0
    assert (indicator.year_k, indicator.year_percent_k) == (D(7), D("58.33"))
    assert (indicator.to_date_k, indicator.to_date_percent_k) == (D(17), D("42.50"))
    assert program.code == "5.01.02"
    assert (program.renstra_rp, program.before_rp, program.target_rp) == (D(500_000_000), D(80_000_000), D(100_000_000))
    assert program.quarters_rp == [D(20_000_000), D(25_000_000), None, None]
    assert (program.year_rp, program.year_percent_rp) == (D(45_000_000), D("45.00"))
    assert (program.to_date_rp, program.to_date_percent_rp) == (D(125_000_000), D("25.00"))
    assert {row.department for row in report.rows} == {department.name}


def test_e81_a_year_with_nothing_reported_is_empty_and_keeps_the_earlier_total(region, department):
    e81_department(department, reports_2026=())
    (_, indicator, _) = e81.e81_report(year=2026, departments=[department], is_region=False).rows
    assert (indicator.quarters_k, indicator.year_k, indicator.year_percent_k) == ([None] * 4, None, None)
    assert indicator.to_date_k == D(10)  # nothing this year: the earlier years' total


def test_e81_a_level_indicator_is_at_its_latest_value_not_the_sum_of_the_years(region, department):
    e81_department(department, aggregation="last")
    (_, indicator, _) = e81.e81_report(year=2026, departments=[department], is_region=False).rows
    assert (indicator.before_k, indicator.year_k, indicator.year_percent_k) == (D(10), D(4), D("33.33"))
    assert (indicator.to_date_k, indicator.to_date_percent_k) == (D(4), D("10.00"))


def test_the_e81_workbook_has_the_regulations_columns_k_and_rp(region, department):
    e81_department(department)
    built = services.report_build(kind=ReportKind.E81_XLSX, year=2026, department=department)
    sheet = load_workbook(io.BytesIO(built.content))["E.81"]
    assert sheet.cell(row=1, column=1).value == "TABEL E.81"
    header = [sheet.cell(row=6, column=c).value for c in range(1, excel.E81_COLUMNS + 1)]
    assert header[0] == "No" and header[-1] == "Perangkat Daerah Penanggung Jawab"
    assert "Realisasi kinerja pada Triwulan IV" in header
    assert [sheet.cell(row=7, column=c).value for c in (6, 7)] == ["K", "Rp"]
    numbers = [sheet.cell(row=8, column=c).value for c in range(1, excel.E81_COLUMNS + 1)]
    assert [n for n in numbers if n is not None] == list(range(1, 18))
    indicator = row_with(sheet, "Dokumen perencanaan yang ditetapkan (dokumen)")
    values = [cell.value for cell in indicator]
    assert values[5] == 40 and values[11] == 3 and values[13] == 4 and values[15] is None
    program = row_with(sheet, "Program Perencanaan")
    assert program[6].value == 500_000_000 and program[6].number_format == excel.RUPIAH_FORMAT
    assert program[22].value == 45  # serapan of the year, %
    assert program[-1].value == department.name


def test_the_workbooks_open_in_libreoffice_with_indonesian_numbers(region, department, tmp_path):
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("LibreOffice (soffice) or poppler's pdftotext is not installed")
    e81_department(department)
    names = []
    for kind in (ReportKind.CAPAIAN_XLSX, ReportKind.E81_XLSX):
        built = services.report_build(kind=kind, year=2026, department=department)
        (tmp_path / built.filename).write_bytes(built.content)
        names.append(built.filename)
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    subprocess.run(
        ["soffice", "--headless", profile, "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf")]
        + [str(tmp_path / name) for name in names],
        check=True,
        capture_output=True,
        timeout=180,
    )
    texts = [
        subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "pdf" / name.replace(".xlsx", ".pdf")), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for name in names
    ]
    assert "TABEL CAPAIAN KINERJA TAHUN 2026" in texts[0] and "58,33" in texts[0]
    assert "TABEL E.81" in texts[1] and "Rp 500.000.000" in texts[1] and "Rp 45.000.000" in texts[1]


def test_e81_leaves_out_nothing_spent_in_a_quarter(region, department):
    agreement = e81_department(department)
    BudgetRealisation.objects.filter(program__agreement=agreement, quarter=2).delete()
    (_, _, program) = e81.e81_report(year=2026, departments=[department], is_region=False).rows
    assert program.quarters_rp == [D(20_000_000), None, None, None]


# --- PDF --------------------------------------------------------------------------------------------------------
def test_the_capaian_pdf_is_a_pdf_with_the_regions_header_and_the_figures(region, department, other_department):
    scored(department)
    built = services.report_build(kind=ReportKind.CAPAIAN_PDF, year=2026, department=None)
    assert built.content.startswith(b"%PDF") and built.filename == "capaian-kinerja-2026-pemda.pdf"
    one = services.report_build(kind=ReportKind.CAPAIAN_PDF, year=2026, department=department)
    assert one.content.startswith(b"%PDF")
    context = services.pdf.pdf_context(
        capaian.capaian_report(year=2026, departments=[department], is_region=False), region
    )
    row = context["departments"][0]["rows"][0]
    assert (row["target"], row["actual"], row["percent"], row["predicate"]) == (
        "80 %",
        "92 %",
        "115,00%",
        "Sangat Tinggi",
    )
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed: the PDF's text is not read back")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=one.content, check=True, capture_output=True
    ).stdout.decode()
    assert "TABEL CAPAIAN KINERJA TAHUN 2026" in text and "PEMERINTAH KOTA BANJARBARU" in text
    assert "115,00%" in text and "Sangat Tinggi" in text and "belum dilaporkan" in text


def test_report_filenames_name_the_kind_year_and_scope(department):
    assert services.report_filename(kind=ReportKind.E81_XLSX, year=2026, department=None) == "tabel-e81-2026-pemda.xlsx"
    assert (
        services.report_filename(kind=ReportKind.CAPAIAN_PDF, year=2025, department=department)
        == "capaian-kinerja-2025-disdik.pdf"
    )


def test_only_one_departments_capaian_table_is_built_directly(department):
    assert services.is_direct(kind=ReportKind.CAPAIAN_XLSX, department=department)
    assert services.is_direct(kind=ReportKind.CAPAIAN_PDF, department=department)
    assert not services.is_direct(kind=ReportKind.E81_XLSX, department=department)
    assert not services.is_direct(kind=ReportKind.CAPAIAN_XLSX, department=None)
