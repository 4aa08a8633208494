"""The Perjanjian Kinerja pages, driven with the Django test client as the roles use them (DOMAIN.md §3)."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.agreements import services
from apps.agreements.models import Agreement, AgreementStatus

from .factories import AssignmentFactory, DepartmentFactory, RegionFactory, UserFactory
from .factories_agreements import make_agreement, make_renstra

S = AgreementStatus
YEAR = timezone.localdate().year


class _FormFields(HTMLParser):
    """The fields a browser would post from the form marked data-testid=<testid> (unchecked boxes left out)."""

    def __init__(self, testid):
        super().__init__()
        self.testid, self.inside, self.fields, self._textarea = testid, False, [], None
        self._select = None  # [name, first option's value, the selected one's]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("data-testid") == self.testid
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif self.inside and tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif self.inside and tag == "select":
            self._select = [attrs["name"], None, None]
        elif self._select is not None and tag == "option":
            if self._select[1] is None:
                self._select[1] = attrs.get("value", "")
            if "selected" in attrs:
                self._select[2] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, selected = self._select
            self.fields.append((name, selected if selected is not None else first))
            self._select = None
        elif tag == "form":
            self.inside = False


def form_data(response, testid) -> dict:
    parser = _FormFields(testid)
    parser.feed(response.content.decode())
    assert parser.fields, f"no form {testid} on the page"
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


@pytest.fixture
def org(db, department, other_department):
    RegionFactory()
    head = AssignmentFactory(department=department, start_date=datetime.date(YEAR - 2, 1, 2))
    other = AssignmentFactory(department=other_department, start_date=datetime.date(YEAR - 2, 1, 2))
    make_renstra(department, year=YEAR)
    return {
        "official": head.official,
        "other_official": other.official,
        "head": UserFactory(role=Role.DEPARTMENT_HEAD, department=department, username="kadis"),
        "staff": UserFactory(role=Role.DEPARTMENT_STAFF, department=department, username="staf"),
        "other_head": UserFactory(role=Role.DEPARTMENT_HEAD, department=other_department, username="kadis-lain"),
        "mayor": UserFactory(role=Role.MAYOR_OFFICE, username="organisasi"),
    }


def draft_from_the_renstra(client, user):
    client.force_login(user)
    page = client.get(reverse("agreements:create"))
    assert page.status_code == 200
    assert "Angka Partisipasi Murni SD" in page.content.decode()
    response = client.post(reverse("agreements:create"), form_data(page, "create-form"))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Agreement.objects.get(department=user.department, year=YEAR)


def test_the_pk_goes_from_the_renstra_through_a_return_to_the_signature(client, org, department):
    # The head drafts from the Renstra: the year's targets and budgets come with it.
    agreement = draft_from_the_renstra(client, org["head"])
    assert agreement.status == S.DRAFT
    apm = agreement.indicators.get(name="Angka Partisipasi Murni SD")
    assert apm.target == Decimal("96.5")
    band = agreement.indicators.get(name="Rasio guru dan murid")
    assert (band.target_low, band.target_high) == (Decimal(2), Decimal(4))
    assert agreement.programs.count() == 2
    detail = client.get(agreement.get_absolute_url()).content.decode()
    assert "2–4" in detail and "Rp 1.600.500.000" in detail

    # … and submits it.
    response = client.post(reverse("agreements:submit", args=[agreement.pk]), follow=True)
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.status == S.SUBMITTED

    # The mayor's office returns it with a comment on one indicator, shown next to it on the PK page.
    client.force_login(org["mayor"])
    page = client.get(agreement.get_absolute_url())
    data = form_data(page, "return-form")
    data[f"indicator-{apm.pk}"] = "Target APM di bawah capaian tahun lalu"
    client.post(reverse("agreements:return", args=[agreement.pk]), data)
    agreement.refresh_from_db()
    assert agreement.status == S.RETURNED
    client.force_login(org["head"])
    html = client.get(agreement.get_absolute_url()).content.decode()
    row = html.split(f'data-testid="indicator-{apm.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Target APM di bawah capaian tahun lalu" in row

    # The head raises the target (with the reason the Renstra differs), and resubmits.
    page = client.get(reverse("agreements:edit", args=[agreement.pk]))
    assert "Target APM di bawah capaian tahun lalu" in page.content.decode()
    data = form_data(page, "edit-form")
    prefix = next(k.removesuffix("-name") for k, v in data.items() if v == "Angka Partisipasi Murni SD")
    data[f"{prefix}-target"] = "97,5"
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert response.status_code == 200
    # the reason is asked for, next to its field
    assert re.search(rf'is-invalid" id="[^"]+" name="{prefix}-target_change_reason"', response.content.decode())
    data[f"{prefix}-target_change_reason"] = "Capaian 2025 sudah 97"
    data["p-0-budget"] = "1.300.000.000"
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert agreement.indicators.get(name="Angka Partisipasi Murni SD").target == Decimal("97.5")
    assert agreement.programs.get(code="1.01.02").budget == Decimal("1300000000")
    client.post(reverse("agreements:submit", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == S.SUBMITTED

    # The mayor's office approves and records the signing.
    client.force_login(org["mayor"])
    client.post(reverse("agreements:approve", args=[agreement.pk]))
    today = timezone.localdate()
    response = client.post(
        reverse("agreements:sign", args=[agreement.pk]), {"signed_on": today.strftime("%d/%m/%Y")}, follow=True
    )
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNED
    assert agreement.signed_on == today

    # Signed is frozen: the edit page sends the head back with a message, and a post changes nothing.
    client.force_login(org["head"])
    response = client.get(reverse("agreements:edit", args=[agreement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == agreement.get_absolute_url()
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    before = list(agreement.indicators.values_list("target", flat=True))
    data[f"{prefix}-target"] = "10"
    client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert list(agreement.indicators.values_list("target", flat=True)) == before
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNED


def test_a_head_of_another_department_gets_404_on_every_page_of_it(client, org, department):
    agreement = services.agreement_draft_from_renstra(department=department, year=YEAR, by=org["staff"])
    client.force_login(org["other_head"])
    for name in ("detail", "edit", "diff"):
        assert client.get(reverse(f"agreements:{name}", args=[agreement.pk])).status_code == 404, name
    for name in ("submit", "return", "approve", "sign", "amend"):
        assert client.post(reverse(f"agreements:{name}", args=[agreement.pk])).status_code == 404, name
    listing = client.get(reverse("agreements:list")).content.decode()
    assert department.name not in listing.split('data-testid="agreement-table"')[-1]


def test_staff_can_edit_but_cannot_submit(client, org, department):
    agreement = services.agreement_draft_from_renstra(department=department, year=YEAR, by=org["staff"])
    client.force_login(org["staff"])
    page = client.get(reverse("agreements:edit", args=[agreement.pk]))
    assert page.status_code == 200
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), form_data(page, "edit-form"))
    assert response.status_code == 302
    assert client.post(reverse("agreements:submit", args=[agreement.pk])).status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert 'data-testid="submit"' not in client.get(agreement.get_absolute_url()).content.decode()


def test_a_stale_row_version_gives_the_conflict_message_and_keeps_the_typed_values(client, org, department):
    agreement = services.agreement_draft_from_renstra(department=department, year=YEAR, by=org["staff"])
    client.force_login(org["head"])
    page = client.get(reverse("agreements:edit", args=[agreement.pk]))
    data = form_data(page, "edit-form")
    # Meanwhile the staff saves the same PK.
    mine = Agreement.objects.get(pk=agreement.pk)
    services.agreement_update(
        agreement=mine,
        by=org["staff"],
        objectives=[
            {
                "name": o.name,
                "plan_objective": o.plan_objective,
                "indicators": [
                    {
                        f: getattr(i, f)
                        for f in (
                            "name",
                            "unit",
                            "polarity",
                            "aggregation",
                            "target",
                            "target_low",
                            "target_high",
                            "weight",
                            "is_iku",
                        )
                    }
                    for i in o.indicators.all()
                ],
            }
            for o in mine.objectives.all()
        ],
        programs=[],
        row_version=mine.row_version,
    )
    prefix = next(k.removesuffix("-name") for k, v in data.items() if v == "Angka kelulusan SMP")
    data[f"{prefix}-target"] = "98"
    data[f"{prefix}-weight"] = "12,5"
    data["p-1-budget"] = "7.654.321"
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="conflict"' in html
    assert 'value="12,5"' in html and 'value="7.654.321"' in html
    assert agreement.programs.count() == 0  # the other save stands; nothing of mine was written
    # Saving again (after reading the message) replaces it deliberately.
    again = form_data(response, "edit-form")
    assert client.post(reverse("agreements:edit", args=[agreement.pk]), again).status_code == 302
    assert agreement.programs.get(code="1.01.03").budget == Decimal("7654321")


def test_a_typed_number_that_cannot_be_read_is_explained_next_to_its_field(client, org, department):
    agreement = services.agreement_draft_from_renstra(department=department, year=YEAR, by=org["staff"])
    client.force_login(org["staff"])
    data = form_data(client.get(reverse("agreements:edit", args=[agreement.pk])), "edit-form")
    prefix = next(k.removesuffix("-name") for k, v in data.items() if v == "Angka kelulusan SMP")
    data[f"{prefix}-q1"] = "sepuluh"
    data[f"{prefix}-q2"] = "50"
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="sepuluh"' in html
    assert re.search(rf'is-invalid" name="{prefix}-q1"', html)
    assert agreement.indicators.get(name="Angka kelulusan SMP").quarterly_targets is None


def new_indicator_prefix(data: dict, objective: int = 0) -> str:
    """The field prefix of the empty "add an indicator" row of the n-th sasaran on the edit page."""
    return next(k.removesuffix("-new") for k in data if k.startswith(f"o-{objective}-i-") and k.endswith("-new"))


def test_the_edit_page_adds_an_indicator_typed_into_the_empty_row_and_ignores_it_left_empty(client, org, department):
    agreement = services.agreement_draft_from_renstra(department=department, year=YEAR, by=org["staff"])
    before = agreement.indicators.count()
    client.force_login(org["head"])
    url = reverse("agreements:edit", args=[agreement.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, "edit-form")
    assert client.post(url, data).status_code == 302  # the empty rows add nothing
    assert agreement.indicators.count() == before

    data = form_data(client.get(url), "edit-form")
    prefix = new_indicator_prefix(data)
    data.update(
        {
            f"{prefix}-name": "Persentase sekolah ramah anak",
            f"{prefix}-unit": "%",
            f"{prefix}-polarity": "positive",
            f"{prefix}-aggregation": "last",
            f"{prefix}-target": "sembilan puluh",  # not a number: explained, and everything typed stays
            f"{prefix}-is_iku": "1",
        }
    )
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Persentase sekolah ramah anak"' in html and 'value="sembilan puluh"' in html
    assert agreement.indicators.count() == before

    data[f"{prefix}-target"] = "90,5"
    data["row_version"] = form_data(response, "edit-form")["row_version"]
    assert client.post(url, data).status_code == 302
    added = agreement.indicators.get(name="Persentase sekolah ramah anak")
    assert (added.unit, added.target, added.is_iku, added.plan_indicator) == ("%", Decimal("90.5"), True, None)
    assert added.objective == agreement.objectives.order_by("order", "pk").first()
    assert agreement.indicators.count() == before + 1

    # it is an indicator like the others: its name and unit can be corrected on the page
    data = form_data(client.get(url), "edit-form")
    prefix = next(k.removesuffix("-name") for k, v in data.items() if v == "Persentase sekolah ramah anak")
    data[f"{prefix}-unit"] = "persen"
    assert client.post(url, data).status_code == 302
    assert agreement.indicators.get(name="Persentase sekolah ramah anak").unit == "persen"


def test_a_new_indicator_without_a_name_or_unit_is_refused_next_to_its_fields(client, org, department):
    agreement = services.agreement_draft_from_renstra(department=department, year=YEAR, by=org["staff"])
    client.force_login(org["staff"])
    url = reverse("agreements:edit", args=[agreement.pk])
    data = form_data(client.get(url), "edit-form")
    prefix = new_indicator_prefix(data)
    data[f"{prefix}-target"] = "75"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'is-invalid" id="n-[0-9-]+" name="{prefix}-name"', html)
    assert re.search(rf'is-invalid" id="u-[0-9-]+" name="{prefix}-unit"', html)
    assert 'value="75"' in html
    assert not agreement.indicators.filter(target=75).exists()


def _pks(count, mayor):
    statuses = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.SIGNED]
    for n in range(count):
        assignment = AssignmentFactory(department=DepartmentFactory(), start_date=datetime.date(YEAR - 2, 1, 2))
        make_agreement(assignment.department, assignment.official, year=YEAR, by=mayor, status=statuses[n % 5])


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_counts_each_status_in_a_bounded_number_of_queries(count, client, org, django_assert_max_num_queries):
    _pks(count, org["mayor"])
    make_agreement(org["official"].assignments.first().department, org["official"], year=YEAR - 1, by=org["mayor"])
    client.force_login(org["mayor"])
    with django_assert_max_num_queries(13):  # 12, and the fingerprint of the cached list (nothing cached yet)
        response = client.get(reverse("agreements:list"))
    with django_assert_max_num_queries(6):  # the list from the cache: nothing changed
        assert client.get(reverse("agreements:list")).content.count(b'data-testid="count-') == len(S.values)
    counts = {s: response.content.decode().count(f'data-testid="count-{s}"') for s in S.values}
    assert counts == dict.fromkeys(S.values, 1)
    html = response.content.decode()
    expected = {
        s: sum(1 for n in range(count) if [S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.SIGNED][n % 5] == s)
        for s in S.values
    }
    for status, n in expected.items():
        assert f'data-testid="count-{status}">{n}<' in html, status
    signed = client.get(reverse("agreements:list"), {"status": "signed"}).content.decode()
    assert signed.count('data-testid="status-badge"') == expected[S.SIGNED]


def test_a_department_sees_only_its_own_pks_in_the_list(client, org, department, other_department):
    make_agreement(department, org["official"], year=YEAR, by=org["mayor"])
    make_agreement(other_department, org["other_official"], year=YEAR, by=org["mayor"])
    client.force_login(org["head"])
    html = client.get(reverse("agreements:list")).content.decode()
    assert "Dinas Pendidikan" in html and "Dinas Kesehatan" not in html.split('data-testid="agreement-table"')[-1]
    client.force_login(org["mayor"])
    html = client.get(reverse("agreements:list")).content.decode()
    assert "Dinas Kesehatan" in html.split('data-testid="agreement-table"')[-1]


def test_an_unsigned_pk_past_the_deadline_is_marked_late(client, org, department):
    make_agreement(department, org["official"], year=YEAR - 1, by=org["mayor"], status=S.SUBMITTED)
    client.force_login(org["mayor"])
    html = client.get(reverse("agreements:list"), {"year": YEAR - 1}).content.decode()
    assert 'data-testid="late"' in html


def test_a_signed_pk_is_amended_into_a_new_version_and_the_versions_compare(client, org, department):
    agreement = services.agreement_draft_from_renstra(department=department, year=YEAR, by=org["staff"])
    services.agreement_submit(agreement=agreement, by=org["head"])
    services.agreement_approve(agreement=agreement, by=org["mayor"])
    services.agreement_sign(agreement=agreement, by=org["mayor"], signed_on=timezone.localdate())
    client.force_login(org["head"])
    response = client.post(
        reverse("agreements:amend", args=[agreement.pk]), {"reason": "program_change", "note": "APBD-P"}
    )
    amendment = Agreement.objects.get(previous=agreement)
    assert response["Location"] == amendment.get_absolute_url()
    services.agreement_update(
        agreement=amendment,
        by=org["head"],
        objectives=[
            {
                "name": o.name,
                "plan_objective": o.plan_objective,
                "indicators": [
                    {
                        f: getattr(i, f)
                        for f in (
                            "name",
                            "unit",
                            "polarity",
                            "aggregation",
                            "target",
                            "target_low",
                            "target_high",
                            "weight",
                            "is_iku",
                        )
                    }
                    for i in o.indicators.all()
                ],
            }
            for o in amendment.objectives.all()
        ],
        programs=[{"code": "1.01.02", "name": "Program Pengelolaan Pendidikan", "budget": Decimal("900000000")}],
    )
    html = client.get(reverse("agreements:diff", args=[amendment.pk])).content.decode()
    assert "900.000.000" in html and "1.250.000.000" in html
    # the old version stays readable, and is no longer amendable
    old = client.get(agreement.get_absolute_url()).content.decode()
    assert 'data-testid="amend"' not in old


@pytest.mark.parametrize("count", [3, 30])
def test_the_pk_page_takes_a_bounded_number_of_queries(count, client, org, department, django_assert_max_num_queries):
    indicators = [
        {"name": f"Indikator {n}", "unit": "%", "polarity": "positive", "aggregation": "last", "target": n + 1}
        for n in range(count)
    ]
    agreement = services.agreement_create(
        department=department,
        year=YEAR,
        by=org["staff"],
        objectives=[{"name": "Sasaran", "indicators": indicators}],
        programs=[{"code": f"1.01.{n:02d}", "name": f"Program {n}", "budget": 1000} for n in range(count)],
    )
    services.agreement_submit(agreement=agreement, by=org["head"])
    client.force_login(org["mayor"])
    with django_assert_max_num_queries(24):  # 22, the PK alone and the fingerprint of its cached body
        response = client.get(agreement.get_absolute_url())
    assert len(re.findall(r'data-testid="indicator-\d+"', response.content.decode())) == count
    with django_assert_max_num_queries(6):  # the body from the cache: nothing changed
        cached = client.get(agreement.get_absolute_url()).content.decode()
    assert len(re.findall(r'data-testid="indicator-\d+"', cached)) == count and 'data-testid="approve"' in cached
    client.force_login(org["staff"])
    agreement_return = services.agreement_return(agreement=agreement, by=org["mayor"], comment="Perbaiki")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agreements:edit", args=[agreement_return.pk])).status_code == 200


def test_the_cached_list_shows_a_change_at_once(client, org, department):
    agreement = make_agreement(department, org["official"], year=YEAR, by=org["mayor"])
    client.force_login(org["mayor"])
    url = reverse("agreements:list")
    assert 'data-testid="count-draft">1<' in client.get(url, {"year": YEAR}).content.decode()
    Agreement.all_levels.filter(pk=agreement.pk).update(status=S.SUBMITTED)  # a bulk update counts too
    html = client.get(url, {"year": YEAR}).content.decode()
    assert 'data-testid="count-draft">0<' in html and 'data-testid="count-submitted">1<' in html


def test_the_cached_pk_page_follows_each_step_and_posts_with_its_own_token(org, department):
    from django.test import Client

    from apps.core.fingerprint import CSRF_PLACEHOLDER

    agreement = make_agreement(department, org["official"], year=YEAR, by=org["mayor"], status=S.SUBMITTED)
    head, mayor = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    head.force_login(org["head"])
    mayor.force_login(org["mayor"])
    assert 'data-testid="approve"' not in head.get(agreement.get_absolute_url()).content.decode()
    page = mayor.get(agreement.get_absolute_url()).content.decode()  # the head's body is theirs alone
    assert 'data-testid="approve"' in page
    page = mayor.get(agreement.get_absolute_url()).content.decode()  # from the cache
    assert CSRF_PLACEHOLDER not in page
    form = page[page.index(reverse("agreements:approve", args=[agreement.pk])) :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = mayor.post(reverse("agreements:approve", args=[agreement.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    page = mayor.get(agreement.get_absolute_url()).content.decode()
    assert 'data-testid="approve"' not in page and 'data-testid="sign"' in page  # approved: shown at once
    Agreement.all_levels.filter(pk=agreement.pk).update(status=S.SIGNED, signed_on=datetime.date(YEAR, 1, 31))  # bulk
    assert 'data-testid="sign"' not in mayor.get(agreement.get_absolute_url()).content.decode()
