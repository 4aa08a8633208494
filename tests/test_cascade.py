"""The cascade below the head (issue 10): an eselon III official drafts from the head's signed PK and the head signs
it; an eselon IV official drafts from the eselon III's and the eselon III signs it; an official sees only their own
line (404 outside it) and acts only on what is theirs to act on (403)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.accounts.models import Role
from apps.agreements import services
from apps.agreements.models import Agreement, AgreementStatus

from .factories import UserFactory
from .factories_cascade import make_cascade

pytestmark = pytest.mark.django_db
YEAR = 2026
SIGNED = datetime.date(2026, 2, 10)


@pytest.fixture
def cascade(department):
    return make_cascade(department, year=YEAR)


def first_indicator(agreement):
    return agreement.indicators.order_by("objective__order", "order").first()


def signed_below(cascade, position, user, superior_user, supported):
    agreement = services.cascade_create(position=position, year=YEAR, by=user, supported_ids=[supported.pk])
    services.agreement_submit(agreement=agreement, by=user)
    services.agreement_approve(agreement=agreement, by=superior_user)
    return services.agreement_sign(agreement=agreement, by=superior_user, signed_on=SIGNED)


def test_eselon_iii_drafts_from_the_heads_pk_and_the_head_signs_it(cascade):
    supported = first_indicator(cascade.head_pk)
    draft = services.cascade_create(
        position=cascade.division, year=YEAR, by=cascade.division_user, supported_ids=[supported.pk]
    )
    assert draft.superior_agreement == cascade.head_pk
    assert draft.official == cascade.division_user.official
    [indicator] = draft.indicators.all()
    assert indicator.supports == supported
    assert (indicator.name, indicator.target) == (supported.name, supported.target)  # a starting point to edit
    assert draft.objectives.get().name == supported.objective.name
    services.agreement_submit(agreement=draft, by=cascade.division_user)
    with pytest.raises(PermissionDenied):  # the mayor's office signs the heads' PKs, not the cascade
        services.agreement_approve(agreement=draft, by=UserFactory(role=Role.MAYOR_OFFICE))
    with pytest.raises(PermissionDenied):  # nor does the official approve their own
        services.agreement_approve(agreement=draft, by=cascade.division_user)
    services.agreement_approve(agreement=draft, by=cascade.head_user)
    signed = services.agreement_sign(agreement=draft, by=cascade.head_user, signed_on=SIGNED)
    assert signed.status == AgreementStatus.SIGNED
    assert signed.first_party_position == "Kepala Bidang Pendidikan Dasar"
    assert signed.second_party_name == cascade.head_pk.official.name
    assert signed.second_party_title == cascade.head_pk.first_party_position
    assert signed.document_sha256
    # The heads' figures do not count the cascade.
    assert list(Agreement.objects.filter(department=cascade.head_pk.department)) == [cascade.head_pk]
    assert Agreement.all_levels.filter(department=cascade.head_pk.department).count() == 2


def test_eselon_iv_waits_for_the_signed_eselon_iii_pk_then_its_superior_signs(cascade):
    with pytest.raises(ValidationError) as refused:
        services.cascade_create(position=cascade.section, year=YEAR, by=cascade.section_user, supported_ids=[1])
    assert "year" in refused.value.message_dict
    division_pk = signed_below(
        cascade, cascade.division, cascade.division_user, cascade.head_user, first_indicator(cascade.head_pk)
    )
    supported = first_indicator(division_pk)
    section_pk = services.cascade_create(
        position=cascade.section, year=YEAR, by=cascade.section_user, supported_ids=[supported.pk]
    )
    assert section_pk.superior_agreement == division_pk
    services.agreement_submit(agreement=section_pk, by=cascade.section_user)
    for outsider in (cascade.head_user, cascade.secretary_user):  # not the eselon IV's superior
        with pytest.raises(PermissionDenied):
            services.agreement_approve(agreement=section_pk, by=outsider)
    services.agreement_approve(agreement=section_pk, by=cascade.division_user)
    signed = services.agreement_sign(agreement=section_pk, by=cascade.division_user, signed_on=SIGNED)
    assert signed.second_party_name == division_pk.official.name
    assert signed.second_party_title == "Kepala Bidang Pendidikan Dasar"


def test_an_indicator_supports_only_the_superiors_indicators(cascade):
    division_pk = services.cascade_create(
        position=cascade.division,
        year=YEAR,
        by=cascade.division_user,
        supported_ids=[first_indicator(cascade.head_pk).pk],
    )
    objectives, _programs = services.agreement_content(division_pk)
    objectives[0]["indicators"][0]["supports"] = first_indicator(division_pk)  # its own, not the head's
    with pytest.raises(ValidationError) as refused:
        services.agreement_update(agreement=division_pk, by=cascade.division_user, objectives=objectives, programs=[])
    assert "objectives[0].indicators[0].supports" in refused.value.message_dict
    objectives[0]["indicators"][0]["supports"] = None  # supports nothing: allowed, shown as a gap
    services.agreement_update(agreement=division_pk, by=cascade.division_user, objectives=objectives, programs=[])
    assert first_indicator(division_pk).supports is None


def test_an_official_drafts_only_for_their_own_position(cascade):
    with pytest.raises(PermissionDenied):
        services.cascade_create(
            position=cascade.division,
            year=YEAR,
            by=cascade.secretary_user,
            supported_ids=[first_indicator(cascade.head_pk).pk],
        )


def test_an_official_sees_their_own_line_and_nothing_else(cascade, client):
    division_pk = signed_below(
        cascade, cascade.division, cascade.division_user, cascade.head_user, first_indicator(cascade.head_pk)
    )
    section_pk = services.cascade_create(
        position=cascade.section, year=YEAR, by=cascade.section_user, supported_ids=[first_indicator(division_pk).pk]
    )
    expected = {
        # (user, PK): status
        (cascade.division_user, division_pk): 200,
        (cascade.division_user, section_pk): 200,  # their subordinate's
        (cascade.division_user, cascade.head_pk): 404,  # their superior's: not their line
        (cascade.section_user, section_pk): 200,
        (cascade.section_user, division_pk): 404,
        (cascade.secretary_user, division_pk): 404,  # a sibling line
        (cascade.secretary_user, section_pk): 404,
        (cascade.head_user, section_pk): 200,  # the head reads the whole department
    }
    for (user, agreement), status in expected.items():
        client.force_login(user)
        page = client.get(reverse("agreements:detail", args=[agreement.pk]))
        pdf = client.get(reverse("agreement_documents:pdf", args=[agreement.pk]))
        api = client.get(f"/api/v1/agreements/{agreement.pk}/")
        assert (page.status_code, pdf.status_code, api.status_code) == (status, status, status), (user, agreement)
    client.force_login(cascade.secretary_user)
    listed = client.get(reverse("agreements:list"), {"year": YEAR})
    assert listed.status_code == 200 and not listed.context["object_list"]
    client.force_login(cascade.section_user)
    assert client.post(reverse("agreements:approve", args=[section_pk.pk])).status_code == 403
    assert client.get(reverse("dashboards:home")).status_code in (403, 404)


def test_the_pages_draft_and_sign_a_pk_below_the_head(cascade, client):
    client.force_login(cascade.division_user)
    page = client.get(reverse("agreements:cascade_create"), {"year": YEAR})
    assert page.status_code == 200
    supported = first_indicator(cascade.head_pk)
    assert supported.name in page.content.decode()
    response = client.post(
        reverse("agreements:cascade_create"),
        {"year": YEAR, "position": cascade.division.pk, "supports": [supported.pk]},
    )
    draft = Agreement.all_levels.get(position=cascade.division)
    assert response.status_code == 302 and response["Location"] == reverse("agreements:edit", args=[draft.pk])
    edit = client.get(response["Location"])
    assert edit.status_code == 200 and 'data-testid="supports-select"' in edit.content.decode()
    client.post(reverse("agreements:submit", args=[draft.pk]))
    client.force_login(cascade.head_user)
    client.post(reverse("agreements:approve", args=[draft.pk]))
    client.post(reverse("agreements:sign", args=[draft.pk]), {"signed_on": "10/02/2026"})
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.SIGNED
    head_page = client.get(reverse("agreements:detail", args=[cascade.head_pk.pk]))
    assert draft in head_page.context["cascaded"]


def test_the_api_drafts_a_pk_below_the_head_with_its_official_and_superior(cascade):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cascade.division_user)
    supported = first_indicator(cascade.head_pk)
    wrong = api.post(
        "/api/v1/agreements/",
        {
            "official": cascade.division_user.official.pk,
            "superior_agreement": supported.agreement_id + 10_000,
            "year": YEAR,
            "supported_indicators": [supported.pk],
        },
        format="json",
    )
    assert wrong.status_code == 400 and "superior_agreement" in wrong.json()
    created = api.post(
        "/api/v1/agreements/",
        {
            "official": cascade.division_user.official.pk,
            "superior_agreement": cascade.head_pk.pk,
            "year": YEAR,
            "supported_indicators": [supported.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["position"], body["superior_agreement"]) == (cascade.division.pk, cascade.head_pk.pk)
    assert body["objectives"][0]["indicators"][0]["supports"] == supported.pk
    api.force_authenticate(cascade.secretary_user)  # a sibling line: not found
    assert api.get(f"/api/v1/agreements/{body['id']}/").status_code == 404
    listed = api.get("/api/v1/agreements/", {"year": YEAR}).json()
    assert body["id"] not in [row["id"] for row in listed["results"]]
