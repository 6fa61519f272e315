"""XSS: a script payload typed into every free-text field comes back escaped on every page that shows it,
and the DOCX/PDF outputs built from the same text are produced without error.

The payload goes in through the real forms where a user types it (people, groups, campaigns, pledge
items, targets and criteria, self-scoring justifications, proposals, comments, the award import) and
through the services for the rest (unit names, chair's reasons, ballot title).
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import Workbook

from clusters.models import Person, Unit
from tests.factories import (
    AdminFactory,
    BoardFactory,
    MembershipFactory,
    ReviewerFactory,
    UnitFactory,
    attach_dossier,
    award_type,
    leader_of,
    sign_as,
    staff_of,
)

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
RAW = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"'><img"]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
YEAR = 2023


def _ok(response, expected=(200, 302)):
    assert response.status_code in expected, (response.status_code, response.content[:3000])
    return response


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _build() -> SimpleNamespace:
    from awards.documents.records import COLUMNS
    from awards.services.catalogue import ensure_catalogue
    from awards.services.records import award_record_create
    from awards.services.workflow import submission_create
    from emulation.models import Pledge, SelfAssessment
    from emulation.services import ballots, scoring

    ensure_catalogue()
    board = BoardFactory(name=f"Ban Thi đua {PAYLOAD}")
    reviewer = ReviewerFactory(unit=board, full_name=PAYLOAD)
    admin = AdminFactory(username="quantri.xss")
    chair = UnitFactory(name=f"Tỉnh trưởng cụm {PAYLOAD}", short_name=f"Trưởng {PAYLOAD}")
    unit = UnitFactory(name=f"Tỉnh thành viên {PAYLOAD}", short_name=f"Thành viên {PAYLOAD}")
    staff, leader = staff_of(unit), leader_of(unit)
    chair_staff = staff_of(chair)
    chair_leader = leader_of(chair)
    chair_leader.position = f"Chủ tịch {PAYLOAD}"
    chair_leader.save()

    # A cluster through the group form, its members through the service.
    _ok(
        _client(reviewer).post(
            reverse("clusters:group_create"),
            {"kind": "cluster", "name": f"Cụm {PAYLOAD}", "short_name": PAYLOAD, "description": PAYLOAD},
        )
    )
    from clusters.models import EmulationGroup

    group = EmulationGroup.objects.get(name=f"Cụm {PAYLOAD}")
    MembershipFactory(group=group, unit=chair, year=YEAR, role="chair")
    MembershipFactory(group=group, unit=unit, year=YEAR, role="member")

    # A person through the person form.
    _ok(
        _client(staff).post(
            reverse("clusters:person_create", args=[unit.pk]),
            {"full_name": f"Nguyễn {PAYLOAD}", "position": PAYLOAD, "category": "direct_worker", "is_active": "on"},
        )
    )
    person = Person.objects.get(full_name=f"Nguyễn {PAYLOAD}")

    # A campaign through the campaign form.
    _ok(
        _client(reviewer).post(
            reverse("campaigns:create"),
            {
                "title": f"Phong trào {PAYLOAD}",
                "authority": "group",
                "authority_name": PAYLOAD,
                "kind": "thematic",
                "legal_basis": PAYLOAD,
                "start_date": "2023-01-01",
                "goals": PAYLOAD,
                "groups": [group.pk],
            },
        )
    )
    from emulation.models import Campaign

    campaign = Campaign.objects.get(title=f"Phong trào {PAYLOAD}")

    # The pledge, its items, targets and scoring table through the drafting forms of the chair's staff.
    chair_client = _client(chair_staff)
    _ok(
        chair_client.post(
            reverse("pledges:create", args=[group.pk, YEAR]),
            {"title": f"Giao ước {PAYLOAD}", "preamble": PAYLOAD, "place": PAYLOAD},
        )
    )
    pledge = Pledge.objects.get(group=group, year=YEAR)
    _ok(
        chair_client.post(
            reverse("pledges:item_add", args=[pledge.pk]),
            {
                "title": f"Nội dung {PAYLOAD}",
                "body": PAYLOAD,
                "campaigns": [campaign.pk],
                "targets-TOTAL_FORMS": "1",
                "targets-INITIAL_FORMS": "0",
                "targets-0-indicator": f"Chỉ tiêu {PAYLOAD}",
                "targets-0-unit_of_measure": "<b>cuộc</b>",
                "targets-0-target_value": "12",
            },
        )
    )
    for code, points, kind in (("1.1", "60", "criterion"), ("1.2", "40", "criterion"), ("3.1", "5", "bonus")):
        _ok(
            chair_client.post(
                reverse("pledges:criterion_add", args=[pledge.pk]),
                {
                    "section": f"Nhóm {PAYLOAD}",
                    "code": code,
                    "title": f"Tiêu chí {PAYLOAD}",
                    "max_points": points,
                    "kind": kind,
                    "rule_text": PAYLOAD,
                    "order": code[-1],
                },
            )
        )
    pledge.refresh_from_db()
    assert pledge.items.count() == 1 and pledge.criteria.count() == 3, "the drafting forms refused the payload"
    from emulation.services.signing import pledge_open_for_signing

    pledge_open_for_signing(actor=chair_staff, pledge=pledge)
    sign_as(leader, pledge)
    sign_as(chair_leader, pledge)
    pledge.refresh_from_db()
    assert pledge.status == "signed"

    # Year end: self-scores with a justification through the scoring form, the chair's reasons, a ballot.
    scoring_round = scoring.scoring_open(actor=chair_staff, group=group, year=YEAR)
    criteria = list(pledge.criteria.order_by("order"))
    for member, member_staff in ((unit, staff), (chair, chair_staff)):
        assessment = SelfAssessment.objects.get(round=scoring_round, unit=member)
        data = {}
        for criterion in criteria:
            data[f"points_{criterion.pk}"] = "30" if criterion.kind == "criterion" else "1"
            data[f"justification_{criterion.pk}"] = f"Giải trình {PAYLOAD}"
        _ok(_client(member_staff).post(reverse("yearend:assessment_scores", args=[assessment.pk]), data), (302,))
        scoring.assessment_submit(actor=leader_of(member), assessment=assessment, summary=f"Tóm tắt {PAYLOAD}")
    own_assessment = SelfAssessment.objects.get(round=scoring_round, unit=unit)
    scoring.adjustment_add(
        actor=chair_staff,
        assessment=own_assessment,
        criterion=pledge.criteria.get(kind="bonus"),
        points=1,
        reason=PAYLOAD,
        basis=PAYLOAD,
    )
    scoring.score_verify(actor=chair_staff, score=own_assessment.scores.first(), points=25, reason=PAYLOAD)
    scoring.scoring_close(actor=chair_staff, scoring_round=scoring_round)
    ballot = ballots.ballot_open(actor=chair_staff, group=group, year=YEAR, title=f"Bỏ phiếu {PAYLOAD}")

    # A proposal through the proposal form, a comment through the comment form.
    _ok(
        _client(staff).post(
            reverse("awards:proposal_create"),
            {
                "award_type": award_type("BANG_KHEN_CAP_TINH").pk,
                "year": YEAR,
                "nominee_person": person.pk,
                "kind": "annual",
                "proposal_date": "2024-03-05",
                "source_group": group.pk,
                "achievements": f"Thành tích {PAYLOAD}",
                "initiative_level": "",
                "initiative": f"Sáng kiến {PAYLOAD}",
                "discipline_free": "unknown",
                "justification": f"Giải trình {PAYLOAD}",
            },
        )
    )
    from awards.models import Proposal

    proposal = Proposal.objects.get(nominee_person=person)
    attach_dossier(proposal)
    submission_create(
        actor=leader, proposing_unit=unit, year=YEAR, number="01/TTr", title=PAYLOAD, proposals=[proposal]
    )
    _ok(
        _client(reviewer).post(reverse("awards:proposal_comment", args=[proposal.pk]), {"comment": f"Ý kiến {PAYLOAD}"})
    )
    record = award_record_create(
        actor=None,
        award_type=award_type("BANG_KHEN_CAP_TINH"),
        nominee_person=person,
        year=YEAR,
        decision_number="452/QĐ-TTg",
        decision_authority=PAYLOAD,
        note=PAYLOAD,
    )

    # An award import whose cells carry the payload: shown in the preview.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append([YEAR, PAYLOAD, PAYLOAD, f"Tập thể {PAYLOAD}", "", "", f"Số {PAYLOAD}", "", PAYLOAD, PAYLOAD])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_xlsx = buffer.getvalue()

    return SimpleNamespace(
        board=board,
        reviewer=reviewer,
        admin=admin,
        chair=chair,
        unit=unit,
        staff=staff,
        leader=leader,
        chair_staff=chair_staff,
        chair_leader=chair_leader,
        group=group,
        person=person,
        campaign=campaign,
        pledge=pledge,
        scoring_round=scoring_round,
        assessment=own_assessment,
        ballot=ballot,
        proposal=proposal,
        record=record,
        import_xlsx=import_xlsx,
    )


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("xss-media"))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media_root,
            CELERY_TASK_ALWAYS_EAGER=True,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            SECURE_SSL_REDIRECT=False,
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _xss_media(_plain_http_test_settings, settings, media_root):
    settings.MEDIA_ROOT = media_root


def assert_escaped(body: str, where: str):
    for raw in RAW:
        assert raw not in body, f"{where}: the raw payload {raw!r} is in the page"
    assert ESCAPED in body, f"{where}: the payload is not shown at all (escaped)"


#: (who, URL) of every page that shows what was typed.
PAGES = {
    "dashboard (chair leader)": ("chair_leader", lambda w: reverse("dashboard")),
    "dashboard (reviewer)": ("reviewer", lambda w: reverse("dashboard")),
    "group list": ("staff", lambda w: reverse("clusters:group_list") + f"?year={YEAR}"),
    "group year": ("reviewer", lambda w: reverse("clusters:group_year", args=[w.group.pk, YEAR])),
    "unit list": ("staff", lambda w: reverse("clusters:unit_list")),
    "unit detail": ("staff", lambda w: reverse("clusters:unit_detail", args=[w.unit.pk])),
    "person list": ("staff", lambda w: reverse("clusters:person_list")),
    "person detail": ("staff", lambda w: reverse("clusters:person_detail", args=[w.person.pk])),
    "person form": ("staff", lambda w: reverse("clusters:person_update", args=[w.person.pk])),
    "campaign list": ("staff", lambda w: reverse("campaigns:list")),
    "campaign detail": ("staff", lambda w: reverse("campaigns:detail", args=[w.campaign.pk])),
    "campaign form": ("reviewer", lambda w: reverse("campaigns:update", args=[w.campaign.pk])),
    "pledge list": ("staff", lambda w: reverse("pledges:list")),
    "pledge detail": ("chair_staff", lambda w: reverse("pledges:detail", args=[w.pledge.pk])),
    "pledge print": ("staff", lambda w: reverse("pledges:print", args=[w.pledge.pk])),
    "pledge verification (public)": (None, lambda w: reverse("pledges:verify", args=[w.pledge.verification_code])),
    "scoring": ("chair_staff", lambda w: reverse("yearend:scoring", args=[w.group.pk, YEAR])),
    "ranking": ("staff", lambda w: reverse("yearend:ranking", args=[w.group.pk, YEAR])),
    "self-assessment": ("staff", lambda w: reverse("yearend:assessment", args=[w.assessment.pk])),
    "ballot": ("leader", lambda w: reverse("yearend:ballot", args=[w.group.pk, YEAR])),
    "proposal list": ("staff", lambda w: reverse("awards:proposal_list")),
    "proposal detail": ("reviewer", lambda w: reverse("awards:proposal_detail", args=[w.proposal.pk])),
    "review queue": ("reviewer", lambda w: reverse("awards:review_queue")),
    "award records": ("reviewer", lambda w: reverse("awards:record_list") + f"?year={YEAR}"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_the_payload_comes_back_escaped(world, db, client, page):
    role, url = PAGES[page]
    if role is not None:
        client.force_login(getattr(world, role), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(url(world))
    assert response.status_code == 200, page
    assert_escaped(response.content.decode(), page)


def test_the_award_import_preview_shows_the_cells_escaped(world, db, client):
    client.force_login(world.reviewer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("awards:record_import"), {"file": SimpleUploadedFile("khen-thuong.xlsx", world.import_xlsx)}
    )
    assert response.status_code == 200
    assert_escaped(response.content.decode(), "import preview")


def test_form_errors_echo_the_typed_text_escaped(world, db, client):
    """A refused form shows back what was typed (here an over-long name) without running it."""
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("clusters:person_update", args=[world.person.pk]),
        {"full_name": PAYLOAD * 4, "category": "direct_worker", "birth_year": "x"},
    )
    assert response.status_code == 200
    assert_escaped(response.content.decode(), "person form with errors")


def test_the_ranking_chart_labels_are_escaped_inside_the_svg(world, db, client):
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("yearend:ranking", args=[world.group.pk, YEAR])).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "<script" not in svg and "&lt;script&gt;" in svg


# --- Documents built from the same text --------------------------------------------------------------
def test_the_pledge_pdf_is_built_from_the_payload_text(world, db, client):
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("pledges:pdf", args=[world.pledge.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_year_end_report_compiles_docx_xlsx_and_pdf_from_the_payload_text(world, db, client):
    from docx import Document

    from emulation.models import Report

    client.force_login(world.chair_staff, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("yearend:report_request", args=[world.group.pk, YEAR]))
    assert response.status_code == 302
    report = Report.objects.get(group=world.group, year=YEAR)
    assert report.status == "done", report.error
    with report.docx.open("rb") as handle:
        document = Document(handle)
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "<script>alert(1)</script>" in text  # kept as plain text in Word, where it cannot run
    with report.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page = client.get(reverse("yearend:report", args=[report.pk])).content.decode()
    assert_escaped(page, "report page")


def test_the_certificate_and_the_decision_list_are_built_from_the_payload_text(world, db, client):
    client.force_login(world.reviewer, backend="django.contrib.auth.backends.ModelBackend")
    certificate = client.get(reverse("awards:record_certificate", args=[world.record.pk]))
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")
    listing = client.get(reverse("awards:decision_list") + "?number=452/QĐ-TTg")
    assert listing.status_code == 200 and listing.content.startswith(b"PK")
    assert listing["Content-Disposition"].startswith("attachment;")


def test_the_payload_was_stored_as_typed_not_mangled(world, db):
    """The checks above are meaningful only if the raw text really is in the database."""
    assert Unit.objects.get(pk=world.unit.pk).name == f"Tỉnh thành viên {PAYLOAD}"
    assert world.proposal.achievements == f"Thành tích {PAYLOAD}"
    assert world.pledge.items.get().targets.get().indicator == f"Chỉ tiêu {PAYLOAD}"
    assert world.assessment.scores.first().justification == f"Giải trình {PAYLOAD}"
    assert world.campaign.goals == PAYLOAD
    assert world.group.description == PAYLOAD
