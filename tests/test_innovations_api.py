"""The API of the innovations and the Indeks Inovasi Daerah (issue 6): the contract, the workflow's 409/403/404
answers, the indicator levels of both sides, the region indicators, the scheme, and the index from database rows
with bounded queries."""

import importlib
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.innovations import services
from apps.innovations.models import Innovation, InnovationIndicator, RegionIndicator, Scheme, SchemeIndicator
from apps.innovations.models import InnovationStatus as S

from .factories_innovations import make_innovation, profile

INNOVATIONS = "/api/v1/innovations/"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
FIELDS = {
    "id",
    "year",
    "name",
    "department",
    "stage",
    "initiator",
    "initiator_name",
    "kind",
    "form",
    "theme",
    "main_affair",
    "affairs",
    "trial_date",
    "implementation_date",
    "design",
    "goals",
    "benefits",
    "results",
    "video_url",
    "replicated_from",
    "replicated_from_region",
    "previous_entry",
    "budget_file",
    "profile_file",
    "plan_objective",
    "status",
    "row_version",
    "return_notes",
}


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    """The schemes the migration seeds (a transactional test elsewhere flushes every table, seeds included)."""
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def people(make_user, other_department):
    return {
        "staff": make_user(Role.DEPARTMENT_STAFF),
        "head": make_user(Role.DEPARTMENT_HEAD),
        "bappeda": make_user(Role.BAPPEDA),
        "mayor": make_user(Role.MAYOR_OFFICE),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
    }


@pytest.fixture
def draft(department, people):
    return make_innovation(department, by=people["staff"])


def as_(api, user):
    api.force_authenticate(user)
    return api


def url(innovation, action=""):
    return f"{INNOVATIONS}{innovation.pk}/{action + '/' if action else ''}"


def claim_all(innovation, by, level=2):
    for number in range(16, 36):
        services.indicator_claim(innovation=innovation, number=number, level=level, by=by, evidence_text="SK no. 1")


# --- The contract and the profile -----------------------------------------------------------------------------------
def test_staff_create_an_innovation_and_get_the_contract_fields(api, department, people):
    payload = {**profile(name="Posyandu Digital"), "year": 2026}
    payload["trial_date"], payload["implementation_date"] = "2025-03-01", "2025-09-01"
    response = as_(api, people["staff"]).post(INNOVATIONS, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == FIELDS
    assert (body["department"], body["status"], body["row_version"], body["affairs"]) == (
        department.pk,
        "draft",
        1,
        ["communication"],
    )
    assert body["return_notes"] == {}
    assert Innovation.objects.get(pk=body["id"]).created_by == people["staff"]


def test_the_list_filters_and_is_scoped(api, department, other_department, people, make_user):
    own = make_innovation(department, by=people["staff"])
    make_innovation(department, by=people["staff"], name="Tahun lalu", year=2025, stage="uji_coba")
    other_staff = make_user(Role.DEPARTMENT_STAFF, department=other_department)
    other_draft = make_innovation(other_department, by=other_staff, name="Draf Dinkes")
    other_verified = make_innovation(other_department, by=other_staff, name="Terverifikasi", status="verified")

    def ids(user, query=""):
        response = as_(api, user).get(INNOVATIONS + query)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids(people["head"], "?year=2026") == {own.pk, other_verified.pk}
    assert ids(people["bappeda"], "?year=2026") == {own.pk, other_draft.pk, other_verified.pk}
    assert ids(people["bappeda"], f"?year=2026&department={other_department.pk}&status=draft") == {other_draft.pk}
    assert ids(people["bappeda"], "?stage=uji_coba") == {Innovation.objects.get(name="Tahun lalu").pk}
    assert as_(api, people["head"]).get(url(other_draft)).status_code == 404
    assert as_(api, people["head"]).get(url(other_verified)).status_code == 200


def test_update_with_patch_and_put_and_the_optimistic_lock(api, draft, people):
    response = as_(api, people["staff"]).patch(url(draft), {"theme": "Kesehatan", "row_version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["theme"], response.json()["row_version"]) == ("Kesehatan", 2)
    stale = as_(api, people["head"]).patch(url(draft), {"theme": "Lain", "row_version": 1}, format="json")
    assert stale.status_code == 409 and "detail" in stale.json()
    body = {**response.json(), "name": "Nama baru", "row_version": 2}
    response = as_(api, people["head"]).put(url(draft), body, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["name"], response.json()["theme"]) == ("Nama baru", "Kesehatan")
    bad = as_(api, people["staff"]).patch(
        url(draft), {"trial_date": "2026-01-01", "implementation_date": "2025-01-01"}, format="json"
    )
    assert bad.status_code == 400 and "implementation_date" in bad.json()


def test_edits_by_the_wrong_people_or_in_the_wrong_state(api, draft, people):
    assert as_(api, people["other_head"]).patch(url(draft), {"theme": "X"}, format="json").status_code == 404
    assert as_(api, people["bappeda"]).patch(url(draft), {"theme": "X"}, format="json").status_code == 403
    payload = {**profile(name="Bappeda"), "year": 2026, "department": draft.department_id}
    payload.pop("trial_date"), payload.pop("implementation_date")
    assert as_(api, people["bappeda"]).post(INNOVATIONS, payload, format="json").status_code == 403
    services.innovation_submit(innovation=draft, by=people["head"])
    assert as_(api, people["staff"]).patch(url(draft), {"theme": "X"}, format="json").status_code == 409


# --- The workflow ---------------------------------------------------------------------------------------------------
def test_submit_return_resubmit_and_verify(api, draft, people):
    claim_all(draft, people["staff"])
    assert as_(api, people["staff"]).post(url(draft, "submit")).status_code == 403
    response = as_(api, people["head"]).post(url(draft, "submit"))
    assert (response.status_code, response.json()["status"]) == (200, "submitted")
    assert as_(api, people["head"]).post(url(draft, "submit")).status_code == 409

    assert as_(api, people["bappeda"]).post(url(draft, "return"), {"notes": {}}, format="json").status_code == 400
    notes = {"results": "Sebutkan angka capaian"}
    assert as_(api, people["head"]).post(url(draft, "return"), {"notes": notes}, format="json").status_code == 403
    response = as_(api, people["bappeda"]).post(url(draft, "return"), {"notes": notes}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["return_notes"]) == ("returned", notes)
    assert as_(api, people["bappeda"]).post(url(draft, "verify"), {}, format="json").status_code == 409

    assert as_(api, people["head"]).post(url(draft, "submit")).status_code == 200
    assert as_(api, people["head"]).post(url(draft, "verify"), {}, format="json").status_code == 403
    levels = [{"number": n, "verified_level": 1} for n in range(16, 36)]
    assert as_(api, people["bappeda"]).patch(url(draft, "indicators"), levels, format="json").status_code == 200
    response = as_(api, people["bappeda"]).post(url(draft, "verify"), {"comment": "Lengkap"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "verified")
    assert draft.reviews.get(to_status=S.VERIFIED).comment == "Lengkap"
    assert as_(api, people["bappeda"]).post(url(draft, "verify"), {}, format="json").status_code == 409


def test_another_departments_draft_is_404_for_every_action(api, draft, people):
    for action in ("submit", "verify", "return", "indicators"):
        method = api.get if action == "indicators" else api.post
        as_(api, people["other_head"])
        assert method(url(draft, action), {}, format="json").status_code == 404


def test_files_upload_download_and_removal_through_the_api(api, draft, people):
    staff = as_(api, people["staff"])
    answer = staff.put(url(draft, "files/budget"), {"file": SimpleUploadedFile("rab.pdf", PDF)}, format="multipart")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["budget_file"].endswith(f"/innovations/{draft.pk}/files/budget/")
    assert answer.json()["profile_file"] is None
    download = staff.get(answer.json()["budget_file"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    # A program renamed to .pdf is refused by its content, under the field the client sent; nothing is stored.
    refused = staff.put(url(draft, "files/profile"), {"file": SimpleUploadedFile("profil.pdf", b"MZ\x90")})
    assert refused.status_code == 400
    assert "file" in refused.json()
    assert not Innovation.objects.get(pk=draft.pk).profile_file
    # Bappeda and the mayor's office read it but do not upload; another department's head does not see the draft.
    assert (
        as_(api, people["bappeda"])
        .put(url(draft, "files/profile"), {"file": SimpleUploadedFile("p.pdf", PDF)})
        .status_code
        == 403
    )
    assert as_(api, people["other_head"]).get(url(draft, "files/budget")).status_code == 404
    assert as_(api, people["mayor"]).get(url(draft, "files/budget")).status_code == 200
    staff = as_(api, people["staff"])
    removed = staff.delete(url(draft, "files/budget"))
    assert removed.status_code == 200, removed.json()
    assert removed.json()["budget_file"] is None
    assert staff.get(url(draft, "files/budget")).status_code == 404
    # A submitted innovation's files are frozen like its profile.
    services.innovation_update(innovation=draft, by=people["staff"], **profile())
    claim_all(draft, people["staff"])
    services.innovation_submit(innovation=draft, by=people["head"])
    frozen = staff.put(url(draft, "files/budget"), {"file": SimpleUploadedFile("rab.pdf", PDF)})
    assert frozen.status_code == 409


def test_replication_and_an_earlier_entry_through_the_api(api, department, draft, people):
    earlier = make_innovation(department, by=people["staff"], year=2025, name="Posyandu Digital 2025")
    staff = as_(api, people["staff"])
    answer = staff.patch(url(draft), {"previous_entry": earlier.pk, "replicated_from_region": "Kota Surabaya"})
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["previous_entry"], answer.json()["replicated_from_region"]) == (earlier.pk, "Kota Surabaya")
    both = staff.patch(url(draft), {"replicated_from": earlier.pk}, format="json")
    assert both.status_code == 400
    assert "replicated_from_region" in both.json()
    later = staff.patch(url(earlier), {"previous_entry": draft.pk}, format="json")
    assert later.status_code == 400
    assert "previous_entry" in later.json()


# --- Indicators -----------------------------------------------------------------------------------------------------
def test_indicators_list_all_twenty_with_their_evidence(api, draft, people):
    services.indicator_claim(
        innovation=draft, number=16, level=3, by=people["staff"], evidence_url="https://jdih.example.go.id/perda"
    )
    row = InnovationIndicator.objects.get(innovation=draft, number=16)
    row.evidence_file.save("perda.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    response = as_(api, people["head"]).get(url(draft, "indicators"))
    assert response.status_code == 200
    rows = response.json()
    assert [r["number"] for r in rows] == list(range(16, 36))
    assert set(rows[0]) == {"number", "claimed_level", "verified_level", "evidence"}
    assert (rows[0]["claimed_level"], rows[0]["verified_level"]) == (3, None)
    assert rows[0]["evidence"]["url"] == "https://jdih.example.go.id/perda"
    assert rows[1] == {
        "number": 17,
        "claimed_level": None,
        "verified_level": None,
        "evidence": {"file": None, "url": "", "text": ""},
    }
    download = as_(api, people["head"]).get(rows[0]["evidence"]["file"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert as_(api, people["other_head"]).get(rows[0]["evidence"]["file"]).status_code == 404
    assert as_(api, people["head"]).get(url(draft, "indicators/17/evidence")).status_code == 404


def test_evidence_files_are_uploaded_and_removed_through_the_api(api, draft, people):
    staff = as_(api, people["staff"])
    path = url(draft, "indicators/20/evidence")
    answer = staff.post(path, {"file": SimpleUploadedFile("sk-tim.pdf", PDF)}, format="multipart")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["number"] == 20
    assert answer.json()["evidence"]["file"].endswith(path)
    assert b"".join(staff.get(path).streaming_content) == PDF
    # With the file as evidence the level can be claimed; Bappeda verifies it after the submission.
    patched = staff.patch(url(draft, "indicators"), [{"number": 20, "claimed_level": 2}], format="json")
    assert patched.status_code == 200, patched.json()
    services.innovation_update(innovation=draft, by=people["staff"], **profile())
    claim_all(draft, people["staff"])
    services.innovation_submit(innovation=draft, by=people["head"])
    services.indicator_verify(innovation=draft, number=20, level=2, by=people["bappeda"])
    # A new file after verification sends the indicator back to be verified.
    again = staff.post(path, {"file": SimpleUploadedFile("sk-tim-2025.pdf", PDF + b"%2")}, format="multipart")
    assert again.status_code == 200
    assert again.json()["verified_level"] is None
    assert again.json()["claimed_level"] == 2
    refused = staff.post(path, {"file": SimpleUploadedFile("sk.pdf", b"#!/bin/sh\nrm -rf /")}, format="multipart")
    assert refused.status_code == 400
    assert "file" in refused.json()
    assert as_(api, people["bappeda"]).post(path, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    assert as_(api, people["other_head"]).post(path, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    staff = as_(api, people["staff"])
    removed = staff.delete(path)
    assert removed.status_code == 200
    assert removed.json()["evidence"]["file"] is None
    assert staff.get(path).status_code == 404


def test_the_department_claims_and_bappeda_verifies_levels(api, draft, people):
    claims = [
        {"number": 16, "claimed_level": 3, "evidence": {"text": "Perwali 1/2025"}},
        {"number": 17, "claimed_level": 2, "evidence": {"url": "https://example.go.id/sk"}},
    ]
    response = as_(api, people["staff"]).patch(url(draft, "indicators"), claims, format="json")
    assert response.status_code == 200, response.json()
    assert [(r["claimed_level"], r["evidence"]["text"]) for r in response.json()[:2]] == [
        (3, "Perwali 1/2025"),
        (2, ""),
    ]
    # A level without evidence is refused, and nothing of the list is written.
    bad = [{"number": 18, "claimed_level": 1, "evidence": {"text": "ada"}}, {"number": 19, "claimed_level": 1}]
    assert as_(api, people["staff"]).patch(url(draft, "indicators"), bad, format="json").status_code == 400
    assert not InnovationIndicator.objects.filter(innovation=draft, number=18).exists()
    # The department may not set verified levels, Bappeda may not claim.
    verify = [{"number": 16, "verified_level": 3}]
    assert as_(api, people["head"]).patch(url(draft, "indicators"), verify, format="json").status_code == 403
    claim = [{"number": 16, "claimed_level": 1}]
    assert as_(api, people["bappeda"]).patch(url(draft, "indicators"), claim, format="json").status_code == 403
    # Verified levels only once submitted.
    assert as_(api, people["bappeda"]).patch(url(draft, "indicators"), verify, format="json").status_code == 409
    services.innovation_submit(innovation=draft, by=people["head"])
    response = as_(api, people["bappeda"]).patch(url(draft, "indicators"), verify, format="json")
    assert response.status_code == 200
    assert (response.json()[0]["claimed_level"], response.json()[0]["verified_level"]) == (3, 3)
    out_of_range = [{"number": 36, "claimed_level": 1}]
    assert as_(api, people["staff"]).patch(url(draft, "indicators"), out_of_range, format="json").status_code == 400


# --- Region indicators ----------------------------------------------------------------------------------------------
def test_region_indicators_are_read_by_everyone_and_set_by_bappeda(api, people):
    path = "/api/v1/region-indicators/2026/"
    rows = as_(api, people["staff"]).get(path).json()
    codes = [f"{n}{p}" for n, p in SchemeIndicator.objects.filter(scheme__year=2026, aspect="region").values_list(
        "number", "part")]  # fmt: skip
    assert [r["number"] for r in rows] == codes and "5a" in codes
    assert rows[0] == {"number": "1", "claimed_level": None, "verified_level": None}
    payload = [
        {"number": "5a", "claimed_level": 3, "verified_level": 2, "evidence": {"text": "BPS 2025"}},
        {"number": "1", "claimed_level": 2},
    ]
    assert as_(api, people["head"]).patch(path, payload, format="json").status_code == 403
    response = as_(api, people["bappeda"]).patch(path, payload, format="json")
    assert response.status_code == 200, response.json()
    by_code = {r["number"]: r for r in response.json()}
    assert by_code["5a"] == {"number": "5a", "claimed_level": 3, "verified_level": 2}
    assert RegionIndicator.objects.get(year=2026, number=5, part="a").evidence_text == "BPS 2025"
    bad = [{"number": "16", "claimed_level": 1}]
    assert as_(api, people["bappeda"]).patch(path, bad, format="json").status_code == 400


# --- The scheme and the index ---------------------------------------------------------------------------------------
def test_the_scheme_of_2026(api, people):
    response = as_(api, people["staff"]).get("/api/v1/innovation-schemes/2026/")
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["k"], body["m"], body["count_cap"]) == (2026, 12, 5, 200)
    assert (body["count_factor"], body["max_total"]) == ("0.38", "250")
    weights = {"region": Decimal(0), "innovation": Decimal(0)}
    for indicator in body["indicators"]:
        assert {"number", "aspect", "weight"} <= set(indicator)  # the contract; level texts and names besides
        weights[indicator["aspect"]] += Decimal(indicator["weight"])
    assert weights == {"region": 21, "innovation": 37}
    assert {"name": "sangat_inovatif", "min_score": "65.01"} in [
        {"name": c["name"], "min_score": c["min_score"]} for c in body["categories"]
    ]
    assert as_(api, people["staff"]).get("/api/v1/innovation-schemes/2025/").json()["year"] == 2024
    assert as_(api, people["staff"]).get("/api/v1/innovation-schemes/2022/").status_code == 404


def _set_region(year, people):
    """Every region indicator at level 2 (SPD 42), indicator 12 (weight 2) at level 1: SPD 40."""
    for number, part in SchemeIndicator.objects.filter(scheme__year=year, aspect="region").values_list(
        "number", "part"
    ):
        level = 1 if number == 12 else 2
        services.region_indicator_set(
            year=year, code=f"{number}{part}", claimed_level=level, verified_level=level, by=people["bappeda"]
        )


def _score_80(innovation, by):
    """Every indicator at level 2 (74), 17 and 35 at level 3 (+2 +4): 80."""
    InnovationIndicator.objects.bulk_create(
        InnovationIndicator(
            innovation=innovation,
            number=number,
            claimed_level=3 if number in (17, 35) else 2,
            verified_level=3 if number in (17, 35) else 2,
            verified_at=innovation.created_at,
            verified_by=by,
            evidence_text="bukti",
        )
        for number in range(16, 36)
    )


def test_the_index_reproduces_the_2023_worked_case(api, department, people):
    """DOMAIN.md §6: 2023 scheme, SPD 40, 8 innovations of 80 → 42,82 (inovatif); 4 of them verified → 29,41."""
    _set_region(2023, people)
    for n in range(8):
        status = "verified" if n < 4 else "submitted"
        innovation = make_innovation(department, by=people["staff"], year=2023, status=status, name=f"I{n}")
        _score_80(innovation, people["bappeda"])
    _score_80(make_innovation(department, by=people["staff"], year=2023, name="Masih draf"), people["bappeda"])

    response = as_(api, people["staff"]).get("/api/v1/innovation-index/2023/")
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["scheme"]) == (2023, 2023)
    assert body["claimed"] == {
        "innovation_count": 8,
        "basic_affairs_covered": 1,
        "spd": "40",
        "sid_average": "64",
        "count_score": "3.04",
        "score": "42.82",
        "category": "inovatif",
    }
    verified = body["verified"]
    assert (verified["innovation_count"], verified["sid_average"], verified["count_score"]) == (4, "32", "1.52")
    assert (verified["score"], verified["category"]) == ("29.41", "kurang_inovatif")
    assert as_(api, people["staff"]).get("/api/v1/innovation-index/2022/").status_code == 404


def test_the_index_queries_do_not_grow_with_the_number_of_innovations(api, department, people):
    def queries():
        as_(api, people["staff"])
        with CaptureQueriesContext(connection) as context:
            assert api.get("/api/v1/innovation-index/2026/").status_code == 200
        return len(context.captured_queries)

    for n in range(2):
        _score_80(make_innovation(department, by=people["staff"], status="submitted", name=f"A{n}"), people["bappeda"])
    queries()  # (the per-process caches: the region's time zone)
    few = queries()
    for n in range(25):
        _score_80(make_innovation(department, by=people["staff"], status="verified", name=f"B{n}"), people["bappeda"])
    more = queries()
    assert more == few <= 12, (more, few)
    assert api.get("/api/v1/innovation-index/2026/").json()["claimed"]["innovation_count"] == 27
