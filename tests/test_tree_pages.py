"""The performance tree page `/tree/?year=&department=` and its PDF: what each role sees (another department's tree
is 404, an official only their own line), the colours, the gaps panel, collapsing without JS, the empty state, and a
bounded number of queries whatever the size."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from apps.accounts.models import Role

from .factories import DepartmentFactory, OfficialFactory
from .factories_tree import YEAR, make_cascade

pytestmark = pytest.mark.django_db
PAGE = reverse("tree:page")
PDF = reverse("tree:pdf")


@pytest.fixture
def cascade(department):
    return make_cascade(department)


def official_user(make_user, official, department):
    user = make_user(Role.OFFICIAL, department=department)
    official.user = user
    official.save()
    return user


def test_a_department_head_sees_their_departments_tree_with_colours_and_gaps(client, department, make_user, cascade):
    client.force_login(make_user(Role.DEPARTMENT_HEAD))
    response = client.get(PAGE, {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Angka Partisipasi Murni SD", "APM SD negeri", "Sekolah dengan data APM", "Tata kelola"):
        assert name in html
    assert f'id="indicator-{cascade["h1"].pk}" data-kind="indicator" data-colour="green"' in html
    assert f'id="indicator-{cascade["u1"].pk}" data-kind="indicator" data-colour="amber"' in html
    assert f'id="indicator-{cascade["l1"].pk}" data-kind="indicator" data-colour="red"' in html
    assert "text-bg-success" in html and "text-bg-warning" in html and "text-bg-danger" in html
    assert "115,00%" in html and "Sangat Tinggi" in html
    # Collapsible without JS: <details>/<summary>; the expand-all button waits for tree.js to show it.
    assert html.count("<details") >= 4 and "<summary>" in html
    assert "data-tree-toggle hidden" in html and "js/tree.js" in html
    gaps = response.context["tree"].gaps
    assert {gap.kind for gap in gaps} == {"supports_nothing", "not_supported", "not_linked"}
    assert html.count('data-gap="not_supported"') == 2 and 'data-gap="supports_nothing"' in html
    assert 'data-testid="tree-unlinked"' in html and 'data-testid="tree-unattached"' in html


def test_a_department_role_asking_for_another_departments_tree_gets_404(
    client, department, other_department, make_user, cascade
):
    make_cascade(other_department, rpjmd_code="S9")
    for role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF):
        client.force_login(make_user(role))
        for url in (PAGE, PDF):
            assert client.get(url, {"year": YEAR, "department": other_department.pk}).status_code == 404
            assert client.get(url, {"year": YEAR, "department": "x"}).status_code == 404
        assert client.get(PAGE, {"year": YEAR, "department": department.pk}).status_code == 200


def test_a_department_head_never_sees_another_departments_pk(client, department, other_department, make_user):
    make_cascade(other_department)
    client.force_login(make_user(Role.DEPARTMENT_HEAD))
    html = client.get(PAGE, {"year": YEAR}).content.decode()
    assert "Angka Partisipasi Murni SD" not in html
    assert 'data-testid="empty-state"' in html


def test_an_official_sees_only_their_own_line(client, department, make_user, cascade):
    client.force_login(official_user(make_user, cascade["upper_official"], department))
    response = client.get(PAGE, {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "APM SD negeri" in html and "Sekolah dengan data APM" in html
    assert "Indeks literasi" not in html and "Nilai SAKIP" not in html and "Tata kelola" not in html
    assert f'href="{cascade["head_pk"].get_absolute_url()}"' not in html
    assert client.get(PAGE, {"year": YEAR, "department": DepartmentFactory().pk}).status_code == 404


def test_an_eselon_four_official_does_not_see_their_superiors_indicators(client, department, make_user, cascade):
    client.force_login(official_user(make_user, cascade["lower_official"], department))
    html = client.get(PAGE, {"year": YEAR}).content.decode()
    assert "Sekolah dengan data APM" in html
    assert "APM SD negeri" not in html and "Angka Partisipasi Murni SD" not in html


@pytest.mark.parametrize("role", [Role.MAYOR_OFFICE, Role.BAPPEDA, Role.INSPECTORATE, Role.ADMIN])
def test_citywide_roles_see_the_whole_city_and_may_filter_a_department(
    role, client, department, other_department, make_user, cascade
):
    other = make_cascade(other_department, rpjmd_code="S2")
    client.force_login(make_user(role))
    html = client.get(PAGE, {"year": YEAR}).content.decode()
    assert f'id="indicator-{cascade["h1"].pk}"' in html and f'id="indicator-{other["h1"].pk}"' in html
    assert 'id="tree-department"' in html
    filtered = client.get(PAGE, {"year": YEAR, "department": other_department.pk}).content.decode()
    assert f'id="indicator-{other["h1"].pk}"' in filtered and f'id="indicator-{cascade["h1"].pk}"' not in filtered
    assert f"department={other_department.pk}" in filtered  # the PDF link keeps the filter


def test_a_juror_may_not_open_the_tree(client, make_user):
    client.force_login(make_user(Role.JURY))
    assert client.get(PAGE).status_code == 403
    assert client.get(PDF).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert "/accounts/login/" in client.get(PAGE)["Location"]


def test_the_empty_state_when_nothing_is_there(client, make_user):
    client.force_login(make_user(Role.MAYOR_OFFICE))
    html = client.get(PAGE, {"year": 2031}).content.decode()
    assert 'data-testid="empty-state"' in html and 'data-testid="tree-gaps"' not in html


def test_the_year_falls_back_to_this_year_when_it_is_not_a_year(client, make_user):
    client.force_login(make_user(Role.MAYOR_OFFICE))
    assert client.get(PAGE, {"year": "abc"}).status_code == 200


def pdf_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_page_size(pdf: bytes) -> tuple[float, float]:
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler's pdfinfo is not installed")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(width), float(height)


def test_the_pdf_is_an_a4_landscape_attachment_with_the_same_scope(client, department, make_user, cascade):
    client.force_login(make_user(Role.DEPARTMENT_HEAD))
    response = client.get(PDF, {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="pohon-kinerja-{YEAR}-Disdik.pdf"'
    assert response.content.startswith(b"%PDF-")
    width, height = pdf_page_size(response.content)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = " ".join(pdf_text(response.content).split())
    assert "Angka Partisipasi Murni SD" in text and "115,00%" in text and "Sangat Tinggi" in text
    assert "Seksi tanpa induk" in text  # listed among the gaps


def test_an_officials_pdf_holds_only_their_line(client, department, make_user, cascade):
    client.force_login(official_user(make_user, cascade["lower_official"], department))
    text = " ".join(pdf_text(client.get(PDF, {"year": YEAR}).content).split())
    assert "Sekolah dengan data APM" in text and "Angka Partisipasi Murni SD" not in text


def _city(departments: int):
    for number in range(departments):
        department = DepartmentFactory()
        make_cascade(
            department,
            rpjmd_code=f"S{number}",
            upper_official=OfficialFactory(),
            lower_official=OfficialFactory(),
        )


@pytest.mark.parametrize("departments", [1, 4])
def test_the_page_makes_a_bounded_number_of_queries(departments, client, make_user, django_assert_max_num_queries):
    _city(departments)
    client.force_login(make_user(Role.MAYOR_OFFICE))
    # 21 today with nothing cached (the tree built, the PKs' summaries computed: apps/dashboards/summaries.py), the
    # same for one department and for four; then the rendered tree comes from the cache while nothing changed
    with django_assert_max_num_queries(21):
        response = client.get(PAGE, {"year": YEAR})
    assert len(response.context["tree"].nodes) == departments
    with django_assert_max_num_queries(9):
        again = client.get(PAGE, {"year": YEAR})
    assert "tree" not in again.context and again.context["tree_html"] == response.context["tree_html"]


def test_a_large_citys_tree_comes_folded_by_department_and_a_department_unfolds_it(
    client, department, other_department, make_user, cascade, monkeypatch
):
    """Beyond FOLD_ABOVE indicators the whole city's page shows each RPJMD sasaran with its departments (their
    capaian, a link to their own tree) and reads no indicator outside the cascade; the API keeps every node."""
    from apps.tree import selectors

    other = make_cascade(other_department, rpjmd_code="S2")
    monkeypatch.setattr(selectors, "FOLD_ABOVE", 1)
    client.force_login(make_user(Role.MAYOR_OFFICE))
    response = client.get(PAGE, {"year": YEAR})
    html = response.content.decode()
    assert response.context["tree"].folded
    assert 'data-testid="tree-folded"' in html
    assert f'id="indicator-{other["h1"].pk}"' not in html  # no indicator on the folded page
    link = f'href="?year={YEAR}&amp;department={other_department.pk}#rpjmd_objective-'
    assert link in html and f'data-testid="tree-department-{department.pk}"' in html
    unfolded = client.get(PAGE, {"year": YEAR, "department": other_department.pk})
    assert not unfolded.context["tree"].folded
    assert f'id="indicator-{other["h1"].pk}"' in unfolded.content.decode()
    api = client.get(reverse("api-tree"), {"year": YEAR}).json()
    assert f'"id": {other["h1"].pk}' in str(api).replace("'", '"')
    monkeypatch.setattr(selectors, "FOLD_ABOVE", 10_000)
    client.force_login(make_user(Role.BAPPEDA))  # (another user: not the mayor's office's cached tree)
    assert not client.get(PAGE, {"year": YEAR}).context["tree"].folded  # a small city is shown whole


def test_the_holders_of_a_city_wide_role_share_one_cached_tree(client, department, make_user, cascade):
    mayors = make_user(Role.MAYOR_OFFICE), make_user(Role.MAYOR_OFFICE)
    bappeda, head = make_user(Role.BAPPEDA), make_user(Role.DEPARTMENT_HEAD, department=department)
    client.force_login(mayors[0])
    first = client.get(PAGE, {"year": YEAR})
    assert "tree" in first.context  # computed
    client.force_login(mayors[1])
    second = client.get(PAGE, {"year": YEAR})
    assert "tree" not in second.context and second.context["tree_html"] == first.context["tree_html"]
    client.force_login(bappeda)  # another role: its own
    assert "tree" in client.get(PAGE, {"year": YEAR}).context
    client.force_login(head)  # a department: its own
    assert client.get(PAGE, {"year": YEAR}).context["tree"].department == department


def test_the_cached_tree_changes_as_soon_as_one_of_its_sources_does(client, department, make_user, cascade):
    from apps.departments.models import Department

    client.force_login(make_user(Role.MAYOR_OFFICE))
    first = client.get(PAGE, {"year": YEAR}).content.decode()
    assert "DINASBARU" not in first
    Department.objects.filter(pk=department.pk).update(short_name="DINASBARU")
    assert "DINASBARU" in client.get(PAGE, {"year": YEAR}).content.decode()
