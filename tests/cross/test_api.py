"""The REST API's done-when (issue 20 item 1): the schema validates, a client generated from it reads every endpoint,
a service account of one board cannot read another's drafts, a hostile dossier is refused in Vietnamese with the
path of its field, a revoked token answers 401 and the rate limit 429."""

from __future__ import annotations

import base64
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from awards.models import Proposal, ProposalAttachment
from clusters.models import AuditEvent, Membership, Role
from clusters.services.tokens import token_create, token_revoke
from tests.factories import (
    AwardRecordFactory,
    BoardAdminFactory,
    BoardFactory,
    PersonFactory,
    ProposalFactory,
    ReviewerFactory,
    UnitFactory,
    attach_dossier,
    award_type,
    leader_of,
    make_group_year,
    make_pledge,
    make_signed_pledge,
    staff_of,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
YEAR = 2023


def _side(tag: str) -> SimpleNamespace:
    """A province with its board, a person, a draft proposal, a record, an issued decision, a sealed and a draft
    pledge of a group the board organises, and two tokens: as the board's specialist, as the province's staff."""
    from awards.selectors.decisions import decision_records
    from awards.services.decisions import decision_add_proposals, decision_create, decision_issue
    from awards.services.workflow import proposal_approve, proposal_start_review, submission_create

    province = UnitFactory(name=f"Tỉnh Thử API {tag}")
    board = BoardFactory(name=f"Ban Thi đua - Khen thưởng {tag}", parent=province)
    board_admin = BoardAdminFactory(unit=board)
    reviewer = ReviewerFactory(unit=board)
    person = PersonFactory(unit=province, full_name=f"Nguyễn Văn Api {tag}")
    draft = ProposalFactory(proposing_unit=province, nominee_person=person, year=YEAR)
    granted = ProposalFactory(
        proposing_unit=province, year=YEAR, nominee_person=PersonFactory(unit=province, full_name=f"Lê Thị {tag}")
    )
    attach_dossier(granted)
    submission_create(
        actor=leader_of(province), proposing_unit=province, year=YEAR, number=f"1/TTr-{tag}", title="Tờ trình",
        proposals=[granted],
    )  # fmt: skip
    proposal_start_review(actor=reviewer, proposal=granted)
    proposal_approve(actor=reviewer, proposal=granted)
    decision = decision_create(actor=reviewer, authority=board, title=f"Quyết định khen thưởng {tag}")
    decision_add_proposals(actor=reviewer, decision=decision, proposals=[granted])
    decision_issue(actor=reviewer, decision=decision, number=f"9/QĐ-{tag}", date=timezone.localdate())
    record = AwardRecordFactory(nominee_person=person, decision_number=f"12/QĐ-{tag}")
    group, members = make_group_year(year=YEAR, organizer=board)
    sealed = make_signed_pledge(group, YEAR)
    for member in Membership.objects.filter(group=group, year=YEAR):
        Membership.objects.create(group=group, unit=member.unit, year=YEAR + 1, role=member.role)
    draft_pledge = make_pledge(group, YEAR + 1)
    _token, reviewer_key = token_create(actor=board_admin, name=f"LGSP {tag}", role=Role.REVIEWER)
    staff_token, staff_key = token_create(actor=board_admin, name=f"Sở {tag}", role=Role.STAFF, unit=province)
    return SimpleNamespace(
        province=province, board=board, board_admin=board_admin, person=person, draft=draft, record=record,
        decision=decision, decision_record=decision_records(decision).get(), group=group, members=members,
        sealed=sealed, draft_pledge=draft_pledge, reviewer_key=reviewer_key, staff_key=staff_key,
        staff_token=staff_token,
    )  # fmt: skip


@pytest.fixture
def world(db):
    from awards.services.catalogue import ensure_catalogue

    ensure_catalogue()
    return SimpleNamespace(one=_side("Một"), two=_side("Hai"))


def _get(client, url, key, **extra):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}", **extra)


def _post(client, url, key, payload, **extra):
    return client.post(
        url, data=json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}", **extra
    )


def _dossier(world, **changes) -> dict:
    person = PersonFactory(unit=world.one.province, full_name="Trần Văn Nộp Hồ Sơ")
    dossier = {
        "award_type": "GIAY_KHEN",
        "year": YEAR,
        "kind": "annual",
        "nominee": {"person": person.pk},
        "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2023.",
        "attachments": [{"kind": "report", "name": "bao-cao.pdf", "content": base64.b64encode(PDF).decode()}],
    }
    dossier.update(changes)
    return dossier


# --- The schema -----------------------------------------------------------------------------------------------------
def test_the_served_schema_is_a_valid_openapi_3_document_with_every_endpoint(world, client):
    response = _get(client, reverse("api:schema") + "?format=json", world.one.reviewer_key)
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in ["/api/v1/units/", "/api/v1/units/{id}/", "/api/v1/groups/", "/api/v1/groups/{id}/years/{year}/",
                 "/api/v1/award-types/", "/api/v1/rule-sets/", "/api/v1/award-records/", "/api/v1/decisions/",
                 "/api/v1/decisions/{id}/", "/api/v1/proposals/", "/api/v1/proposals/{id}/", "/api/v1/pledges/",
                 "/api/v1/pledges/{id}/"]:  # fmt: skip
        assert path in paths, path
    assert schema["components"]["securitySchemes"]["serviceToken"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/units/"]["get"]["summary"] == "Danh sách đơn vị"
    english = _get(client, reverse("api:schema") + "?format=json&lang=en", world.one.reviewer_key).json()
    assert english["paths"]["/api/v1/units/"]["get"]["summary"] == "Units"
    again = _get(client, reverse("api:schema") + "?format=json", world.one.reviewer_key).json()
    assert again["paths"]["/api/v1/units/"]["get"]["summary"] == "Danh sách đơn vị"  # kept per language


def test_the_schema_is_refused_without_a_token_and_described_in_english_on_request(world, client):
    assert client.get(reverse("api:schema")).status_code == 401
    anonymous = client.get(reverse("api:units"))
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"].startswith("Cần mã truy cập")
    english = _get(client, reverse("api:units") + "?page=999", world.one.reviewer_key, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 404
    assert english.json()["detail"] == "Not found."


# --- A generated client reads every endpoint -------------------------------------------------------------------------
def _generated_client(tmp_path, schema: bytes):
    """A client package generated by openapi-python-client from the served schema (no network)."""
    (tmp_path / "schema.json").write_bytes(schema)
    (tmp_path / "config.yml").write_text("project_name_override: thidua_client\npackage_name_override: thidua_client\n"
                                         "post_hooks: []\n")  # fmt: skip
    command = [
        str(Path(sys.executable).with_name("openapi-python-client")),
        "generate", "--path", str(tmp_path / "schema.json"), "--output-path", str(tmp_path / "thidua_client"),
        "--meta", "none", "--config", str(tmp_path / "config.yml"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(tmp_path))
    return importlib.import_module("thidua_client")


@pytest.mark.django_db(transaction=True)
def test_a_client_generated_from_the_schema_reads_every_endpoint(live_server, client, tmp_path):
    from awards.services.catalogue import ensure_catalogue

    ensure_catalogue()
    one = _side("Một")
    schema = _get(client, reverse("api:schema") + "?format=json", one.reviewer_key).content
    package = _generated_client(tmp_path, schema)
    try:
        api = importlib.import_module("thidua_client.api")
        operations = {}
        for tag in pkgutil.iter_modules(api.__path__):
            module = importlib.import_module(f"thidua_client.api.{tag.name}")
            for operation in pkgutil.iter_modules(module.__path__):
                operations[operation.name] = importlib.import_module(f"{module.__name__}.{operation.name}")
        board = package.AuthenticatedClient(base_url=live_server.url, token=one.reviewer_key)
        unit = package.AuthenticatedClient(base_url=live_server.url, token=one.staff_key)
        calls = {
            "units_list": (board, {}),
            "units_retrieve": (board, {"id": one.province.pk}),
            "groups_list": (board, {}),
            "groups_year_retrieve": (board, {"id": one.group.pk, "year": YEAR}),
            "award_types_list": (board, {}),
            "rule_sets_list": (board, {}),
            "award_records_list": (board, {}),
            "decisions_list": (board, {}),
            "decisions_retrieve": (board, {"id": one.decision.pk}),
            "proposals_list": (unit, {}),
            "proposals_retrieve": (unit, {"id": one.draft.pk}),
            "pledges_list": (board, {}),
            "pledges_retrieve": (board, {"id": one.sealed.pk}),
        }
        reads = {name for name in operations if not name.endswith("_create")}
        assert reads == set(calls), "every read endpoint of the schema is called below"
        answers = {}
        for name, (who, kwargs) in calls.items():
            response = operations[name].sync_detailed(client=who, **kwargs)
            assert response.status_code == 200, (name, response.status_code, response.content[:300])
            assert response.parsed is not None, name
            answers[name] = response.parsed
        assert one.province.name in [u.name for u in answers["units_list"].results]
        assert answers["units_retrieve"].name == one.province.name
        assert {m.unit.id for m in answers["groups_year_retrieve"].members} == {u.pk for u in one.members}
        assert "GIAY_KHEN" in [t.code for t in answers["award_types_list"].results]
        assert answers["rule_sets_list"] and answers["rule_sets_list"][0].awards
        assert one.record.decision_number in [r.decision_number for r in answers["award_records_list"].results]
        assert [d.id for d in answers["decisions_list"].results] == [one.decision.pk]
        assert [r.id for r in answers["decisions_retrieve"].records] == [one.decision_record.pk]
        assert answers["proposals_retrieve"].status.value == "draft"
        assert [p.id for p in answers["pledges_list"].results] == [one.sealed.pk]
        sealed = answers["pledges_retrieve"]
        assert sealed.fingerprint == one.sealed.versions.get(number=one.sealed.version).fingerprint
        assert len(sealed.signatures) == len(one.members)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "thidua_client" or m.startswith("thidua_client.")]:
            del sys.modules[name]


# --- Scope: the same rules as the pages -------------------------------------------------------------------------------
def test_a_service_account_of_another_board_cannot_read_a_boards_drafts(world, client):
    one, two = world.one, world.two
    # the proposing unit, and its board's specialists (as on the proposal's page: awards.view_proposal)
    for key in (one.staff_key, one.reviewer_key):
        assert _get(client, reverse("api:proposal", args=[one.draft.pk]), key).status_code == 200
    for key in (two.reviewer_key, two.staff_key):
        assert _get(client, reverse("api:proposal", args=[one.draft.pk]), key).status_code in (403, 404)
    assert _get(client, reverse("api:pledge", args=[one.draft_pledge.pk]), one.reviewer_key).status_code == 200
    for key in (two.reviewer_key, two.staff_key, one.staff_key):  # the province is not a member of the group
        assert _get(client, reverse("api:pledge", args=[one.draft_pledge.pk]), key).status_code in (403, 404)
    listed = _get(client, reverse("api:proposals"), two.staff_key).json()["results"]
    assert one.draft.pk not in [p["id"] for p in listed]


def test_each_board_reads_only_the_records_and_decisions_of_its_jurisdiction(world, client):
    one, two = world.one, world.two
    records = _get(client, reverse("api:award_records"), one.reviewer_key).json()["results"]
    numbers = {r["decision_number"] for r in records}
    assert one.record.decision_number in numbers and two.record.decision_number not in numbers
    decisions = _get(client, reverse("api:decisions"), two.reviewer_key).json()["results"]
    assert [d["id"] for d in decisions] == [two.decision.pk]
    assert _get(client, reverse("api:decision", args=[one.decision.pk]), two.reviewer_key).status_code == 403
    filtered = _get(client, reverse("api:award_records") + f"?person={one.person.pk}", one.reviewer_key).json()
    assert [r["id"] for r in filtered["results"]] == [one.record.pk]
    by_number = _get(client, reverse("api:award_records") + f"?decision_number={one.record.decision_number}",
                     one.reviewer_key).json()["results"]  # fmt: skip
    assert [r["id"] for r in by_number] == [one.record.pk]


def test_award_records_are_read_page_after_page_by_cursor(world, client):
    for index in range(5):
        AwardRecordFactory(nominee_person=world.one.person, year=2010 + index)
    url = reverse("api:award_records") + f"?page_size=2&person={world.one.person.pk}"
    seen = []
    while url:
        page = _get(client, url, world.one.reviewer_key).json()
        seen += [record["id"] for record in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 6
    assert seen == sorted(seen, reverse=True)


# --- Submitting a dossier --------------------------------------------------------------------------------------------
def test_a_units_system_submits_a_dossier_through_the_proposal_services_once_per_key(world, client):
    dossier = _dossier(world)
    headers = {"HTTP_IDEMPOTENCY_KEY": "lgsp-2023-0001"}
    first = _post(client, reverse("api:proposals"), world.one.staff_key, dossier, **headers)
    assert first.status_code == 201, first.content
    again = _post(client, reverse("api:proposals"), world.one.staff_key, dossier, **headers)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    proposal = Proposal.objects.get(pk=first.json()["id"])
    assert proposal.status == "draft" and proposal.proposing_unit == world.one.province
    assert proposal.created_by == world.one.staff_token.account
    assert [a.original_name for a in ProposalAttachment.objects.filter(proposal=proposal)] == ["bao-cao.pdf"]
    assert AuditEvent.objects.filter(action="proposal.create", target_id=proposal.pk).count() == 1
    other = _post(client, reverse("api:proposals"), world.one.staff_key, {**dossier, "kind": "ad_hoc"}, **headers)
    assert other.status_code == 400
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"


def test_a_dossier_sent_as_multipart_keeps_its_files_through_the_upload_checks(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = _dossier(world, attachments=[])
    response = client.post(
        reverse("api:proposals"),
        {
            "dossier": json.dumps(dossier),
            "files": [
                SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
            ],
            "kinds": ["minutes", "report"],
        },
        HTTP_AUTHORIZATION=f"Bearer {world.one.staff_key}",
    )
    assert response.status_code == 201, response.content
    kept = ProposalAttachment.objects.filter(proposal_id=response.json()["id"]).order_by("pk")
    assert [(a.kind, a.original_name) for a in kept] == [("minutes", "bien-ban.pdf"), ("report", "bao-cao.pdf")]
    refused = client.post(
        reverse("api:proposals"),
        {"dossier": "{không phải JSON", "files": [SimpleUploadedFile("a.pdf", PDF)]},
        HTTP_AUTHORIZATION=f"Bearer {world.one.staff_key}",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == [{"field": "dossier", "message": "Phần dossier phải là JSON hợp lệ."}]


def test_a_hostile_dossier_is_refused_in_vietnamese_with_the_path_of_each_field(world, client):
    stranger = PersonFactory(unit=world.two.province)
    hostile = _dossier(
        world,
        nominee={"person": stranger.pk},
        achievements="Thành tích\x00\x1b[31m",
        year=1800,
        attachments=[
            {"kind": "report", "name": "bao-cao.pdf", "content": base64.b64encode(PDF).decode()},
            {"kind": "proof", "name": "virus.exe", "content": base64.b64encode(b"MZ\x90\x00").decode()},
        ],
    )
    response = _post(client, reverse("api:proposals"), world.one.staff_key, hostile)
    assert response.status_code == 400
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors["nominee.person"] == "Cá nhân này không thuộc đơn vị của bạn."
    assert "ký tự điều khiển" in errors["achievements"]
    assert errors["year"] == "Không được nhỏ hơn 1945."
    assert not Proposal.objects.filter(nominee_person=stranger).exists()
    # the nominee fixed, the file still refused by the upload checks (clusters.uploads), with nothing saved
    bad_file = _dossier(world, attachments=hostile["attachments"])
    response = _post(client, reverse("api:proposals"), world.one.staff_key, bad_file)
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]
    assert error["field"] == "attachments[1].file"
    assert not Proposal.objects.filter(nominee_person_id=bad_file["nominee"]["person"]).exists()
    english = _post(client, reverse("api:proposals"), world.one.staff_key, hostile, HTTP_ACCEPT_LANGUAGE="en")
    assert {e["field"]: e["message"] for e in english.json()["errors"]}["nominee.person"] == (
        "This person does not belong to your unit."
    )


def test_a_dossier_with_too_many_documents_or_missing_fields_says_which_in_vietnamese(world, client):
    document = {"kind": "other", "name": "a.pdf", "content": base64.b64encode(PDF).decode()}
    response = _post(
        client, reverse("api:proposals"), world.one.staff_key, _dossier(world, attachments=[document] * 11)
    )
    assert response.json()["errors"] == [{"field": "attachments", "message": "Danh sách không được quá 10 phần tử."}]
    response = _post(client, reverse("api:proposals"), world.one.staff_key, {"nominee": {}, "kind": "khac"})
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors == {
        "award_type": "Trường này là bắt buộc.",
        "year": "Trường này là bắt buộc.",
        "kind": "“khac” không phải là một lựa chọn hợp lệ.",
        "nominee": "Chọn đúng một đối tượng: một tập thể (unit) hoặc một cá nhân (person).",
    }


def test_a_board_specialists_token_cannot_submit_a_units_dossier(world, client):
    response = _post(client, reverse("api:proposals"), world.one.reviewer_key, _dossier(world))
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Chỉ cán bộ, lãnh đạo của đơn vị")


# --- Tokens: revoked, rate-limited, never a page --------------------------------------------------------------------
def test_a_revoked_token_answers_401_in_vietnamese(world, client):
    url = reverse("api:units")
    assert _get(client, url, world.one.staff_key).status_code == 200
    token_revoke(actor=world.one.board_admin, token=world.one.staff_token)
    response = _get(client, url, world.one.staff_key)
    assert response.status_code == 401
    assert response.json() == {"detail": "Mã truy cập đã bị thu hồi."}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert _get(client, url, "td_khong-phai-ma-that").json() == {"detail": "Mã truy cập không hợp lệ."}


def test_the_rate_limit_answers_429_in_vietnamese_per_token(world, client, settings):
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/min"}}
    with override_settings(REST_FRAMEWORK=rest):
        answers = [_get(client, reverse("api:award_types"), world.one.staff_key).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        limited = _get(client, reverse("api:award_types"), world.one.staff_key)
        assert limited.json()["detail"].startswith("Quá nhiều yêu cầu. Hãy thử lại sau")
        assert int(limited["Retry-After"]) > 0
        assert _get(client, reverse("api:award_types"), world.one.reviewer_key).status_code == 200  # its own count


def test_a_service_account_never_signs_in_to_the_pages(world, client):
    account = world.one.staff_token.account
    assert account.is_service and not account.has_usable_password()
    response = client.post(reverse("login"), {"username": account.username, "password": ""})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard"), HTTP_AUTHORIZATION=f"Bearer {world.one.staff_key}").status_code == 302


def test_the_api_reference_page_serves_swagger_ui_from_static_files(world, client, login):
    login(staff_of(world.one.province))
    page = client.get(reverse("api_docs"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "js/api-docs.js" in body and "<script>" not in body
    schema = client.get(reverse("api:schema"))  # the page reads it with the session
    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    assert award_type("GIAY_KHEN").code in client.get(reverse("api:award_types")).content.decode()


# --- Issue 19 through the API: the seven kinds and the recipient categories -------------------------------------------
def test_a_dossier_asks_of_a_system_what_the_form_asks_a_leaders_level_years_of_service_a_nationality(world, client):
    from clusters.models import PersonCategory

    leader = PersonFactory(unit=world.one.province, full_name="Phạm Văn Lãnh Đạo", category=PersonCategory.LEADER)
    url, key = reverse("api:proposals"), world.one.staff_key
    refused = _post(client, url, key, _dossier(world, nominee={"person": leader.pk}))
    assert refused.status_code == 400, refused.content
    [error] = refused.json()["errors"]
    assert error["field"] == "recipient_category" and "lãnh đạo" in error["message"].lower()
    wrong = _post(client, url, key, _dossier(world, nominee={"person": leader.pk}, recipient_category="household"))
    assert {e["field"] for e in wrong.json()["errors"]} == {"recipient_category"}
    assert not Proposal.objects.filter(nominee_person=leader).exists()

    taken = _post(
        client, url, key, _dossier(world, nominee={"person": leader.pk}, recipient_category="leader_department")
    )
    assert taken.status_code == 201, taken.content
    assert taken.json()["recipient_category"] == "leader_department"
    assert Proposal.objects.get(nominee_person=leader).recipient_category == "leader_department"

    seniority = _post(client, url, key, _dossier(world, kind="seniority"))
    assert {e["field"]: e["message"] for e in seniority.json()["errors"]} == {
        "service_years": "Khen thưởng theo niên hạn: ghi số năm công tác."
    }
    foreign = _post(client, url, key, _dossier(world, kind="foreign", nationality="Lào"))
    assert foreign.status_code == 201, foreign.content
    proposal = Proposal.objects.get(pk=foreign.json()["id"])
    assert (proposal.kind, proposal.nationality, proposal.recipient_category) == ("foreign", "Lào", "direct_worker")


def test_award_records_are_read_with_their_kind_and_category_and_filtered_by_them(world, client):
    from tests.factories import AwardRecordFactory

    person = PersonFactory(unit=world.one.province, full_name="Đỗ Thị Kháng Chiến")
    AwardRecordFactory(nominee_person=person, kind="resistance", recipient_category="other_individual")
    url, key = reverse("api:award_records"), world.one.reviewer_key
    rows = _get(client, url + "?kind=resistance", key).json()["results"]
    assert [(r["nominee_person"]["full_name"], r["kind"], r["recipient_category"]) for r in rows] == [
        ("Đỗ Thị Kháng Chiến", "resistance", "other_individual")
    ]
    assert _get(client, url + "?kind=resistance&recipient_category=direct_worker", key).json()["results"] == []
