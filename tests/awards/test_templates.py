"""Documents from Word templates (issue 17 item 2): the board's tờ trình, the decision with its annex grouped
"I. Tập thể / II. Cá nhân / III. Hộ gia đình" and the council's minutes, from the default templates (Decree
30/2020 format) or from a template the board uploaded; a placeholder without a value is refused, naming it, and
nothing is generated with a raw placeholder left; what users typed is written inert."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.documents.decisions import decision_document, unit_submission_docx
from awards.models import DocumentTemplate, ProposalStatus, TemplateKind
from awards.services.decisions import decision_add_proposals, decision_create, decision_issue
from awards.services.templates import template_upload
from awards.services.workflow import submission_create
from clusters import writers
from tests.factories import PersonFactory, ProposalFactory, UnitFactory, attach_dossier, award_type, make_award_world

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HOSTILE = '<script>alert("x")</script> & {{ so_ky_hieu }} {%p if 1 %} =1+1 \u202eNgược'


@pytest.fixture
def world():
    return make_award_world()


def _decision(world, *, title="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh", signer="Hồ Tiến Thiệu", **extra):
    collective = UnitFactory(kind="collective", name="Phòng Tổ chức cán bộ", parent=world.lang_son)
    proposals = [
        ProposalFactory(
            proposing_unit=world.lang_son, status=ProposalStatus.APPROVED, proposal_date=datetime.date(2023, 12, 1),
            nominee_person=PersonFactory(unit=world.lang_son, full_name=name, position="Chuyên viên"),
        )
        for name in ("Nguyễn Thị Hoa", "Trần Văn Bình")
    ] + [
        ProposalFactory(
            proposing_unit=world.lang_son, status=ProposalStatus.APPROVED, proposal_date=datetime.date(2023, 12, 1),
            nominee_unit=collective, nominee_person=None, award_type=award_type("BANG_KHEN_CAP_TINH"),
        )
    ]  # fmt: skip
    decision = decision_create(
        actor=world.province_reviewer, authority=world.province_board, title=title, place="Lạng Sơn",
        decided_by="Chủ tịch Ủy ban nhân dân tỉnh", signer_name=signer, signer_position="Chủ tịch",
        legal_grounds="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 98/2023/NĐ-CP;",
        **extra,
    )  # fmt: skip
    decision_add_proposals(actor=world.province_reviewer, decision=decision, proposals=proposals)
    return decision


def _positions(text: str, *needles: str) -> list[int]:
    return [text.index(needle) for needle in needles]


def test_the_default_decision_has_the_administrative_format_every_placeholder_filled_and_the_annex_in_order(world):
    decision = _decision(world)
    decision_issue(
        actor=world.province_reviewer, decision=decision, number="15/QĐ-UBND", date=datetime.date(2024, 1, 15)
    )
    decision.refresh_from_db()

    text = writers.docx_text(decision_document(decision, "quyet-dinh"))

    assert "{{" not in text and "{%" not in text
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 15/QĐ-UBND",
        "Lạng Sơn, ngày 15 tháng 01 năm 2024", "QUYẾT ĐỊNH", "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "Căn cứ Nghị định số 98/2023/NĐ-CP;", "Nơi nhận:", "Hồ Tiến Thiệu",
        "1 tập thể, 2 cá nhân, 0 hộ gia đình", "Nguyễn Thị Hoa, Chuyên viên, Tỉnh Lạng Sơn (thử)",
        "Phòng Tổ chức cán bộ, Tỉnh Lạng Sơn (thử)",
    ):  # fmt: skip
        assert expected in text, expected
    first, second, third = _positions(text, "I. Tập thể", "II. Cá nhân", "III. Hộ gia đình")
    assert first < text.index("Phòng Tổ chức cán bộ") < second < text.index("Nguyễn Thị Hoa") < third
    assert "(Không có)" in text[third:]


def test_the_boards_submission_and_the_council_minutes_come_from_their_defaults(world):
    decision = _decision(world)

    submission = writers.docx_text(decision_document(decision, "to-trinh"))
    minutes = writers.docx_text(decision_document(decision, "bien-ban-hoi-dong"))

    assert "TỜ TRÌNH" in submission and "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh" in submission
    assert "Trần Văn Bình" in submission and "{{" not in submission
    assert "BIÊN BẢN" in minutes and "Hội đồng Thi đua - Khen thưởng" in minutes and "{{" not in minutes
    assert "ngày .... tháng .... năm ........" in submission  # a draft's date is written by hand


def test_the_proposing_units_submission_comes_from_its_default(world):
    proposals = [ProposalFactory(proposing_unit=world.lang_son, nominee_person=PersonFactory(unit=world.lang_son,
                                 full_name="Lý Thị Đào"))]  # fmt: skip
    attach_dossier(*proposals)
    for p in proposals:
        p.justification = "Giải trình."
        p.save()
    submission = submission_create(
        actor=world.leader, proposing_unit=world.lang_son, year=2023, number="12/TTr-UBND",
        title="Về việc đề nghị khen thưởng năm 2023", body="Căn cứ kết quả bình xét.", proposals=proposals,
    )  # fmt: skip

    text = writers.docx_text(unit_submission_docx(submission))

    assert "Số: 12/TTr-UBND" in text and "Lý Thị Đào" in text and "Căn cứ kết quả bình xét." in text
    assert "{{" not in text


def _custom_template(*lines: str) -> SimpleUploadedFile:
    document = writers.new_document()
    for line in lines:
        writers.add_run(document.add_paragraph(), line)
    return SimpleUploadedFile("mau-rieng.docx", writers.save_document(document), content_type=DOCX)


def test_an_uploaded_custom_template_is_used_in_its_newest_version(world):
    template_upload(actor=world.province_reviewer, board=world.province_board, kind=TemplateKind.DECISION,
                    uploaded=_custom_template("Bản cũ {{ so_ky_hieu }}"))  # fmt: skip
    template_upload(
        actor=world.province_reviewer, board=world.province_board, kind=TemplateKind.DECISION,
        uploaded=_custom_template(
            "MẪU RIÊNG CỦA BAN — Quyết định {{ so_ky_hieu }} ({{ tong_so }} trường hợp)",
            "{%p for nhom in phu_luc %}", "== {{ nhom.tieu_de }}", "{%p for dong in nhom.dong %}",
            "{{ dong.stt }}) {{ dong.ten }}", "{%p endfor %}", "{%p endfor %}",
        ),
    )  # fmt: skip
    decision = _decision(world)
    decision_issue(
        actor=world.province_reviewer, decision=decision, number="16/QĐ-UBND", date=datetime.date(2024, 2, 1)
    )
    decision.refresh_from_db()

    text = writers.docx_text(decision_document(decision, "quyet-dinh"))

    assert "MẪU RIÊNG CỦA BAN — Quyết định 16/QĐ-UBND (3 trường hợp)" in text
    assert "Bản cũ" not in text and "{{" not in text
    assert _positions(text, "== I. Tập thể", "== II. Cá nhân", "== III. Hộ gia đình") == sorted(
        _positions(text, "== I. Tập thể", "== II. Cá nhân", "== III. Hộ gia đình")
    )
    assert "1) Nguyễn Thị Hoa" in text
    assert list(DocumentTemplate.objects.values_list("version", flat=True).order_by("version")) == [1, 2]


def test_a_template_with_a_placeholder_that_has_no_value_is_refused_naming_it(world):
    with pytest.raises(ValidationError, match="«ten_nguoi_nhan»"):
        template_upload(actor=world.province_reviewer, board=world.province_board, kind=TemplateKind.DECISION,
                        uploaded=_custom_template("Kính gửi {{ ten_nguoi_nhan }}"))  # fmt: skip
    with pytest.raises(ValidationError, match="«chuc_danh»"):
        template_upload(actor=world.province_reviewer, board=world.province_board, kind=TemplateKind.DECISION,
                        uploaded=_custom_template("{%p for nhom in phu_luc %}", "{%p for d in nhom.dong %}",
                                                  "{{ d.chuc_danh }}", "{%p endfor %}", "{%p endfor %}"))  # fmt: skip
    assert not DocumentTemplate.objects.exists()


def test_a_stored_template_missing_a_value_is_refused_at_generation_and_nothing_is_downloaded(
    world, login, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    from django.core.files.base import ContentFile

    broken = DocumentTemplate(board=world.province_board, kind=TemplateKind.DECISION, version=1, original_name="x.docx")
    broken.file.save("x.docx", ContentFile(_custom_template("Số {{ so_ky_hieu }} {{ khong_co }}").read()))
    decision = _decision(world)
    response = login(world.province_reviewer).get(
        reverse("awards:decision_document", args=[decision.pk, "quyet-dinh"]), follow=True
    )
    assert response["Content-Type"].startswith("text/html")
    assert "«khong_co»" in response.content.decode()


def test_a_template_trying_to_reach_python_internals_is_refused(world):
    with pytest.raises(ValidationError):
        template_upload(
            actor=world.province_reviewer, board=world.province_board, kind=TemplateKind.DECISION,
            uploaded=_custom_template("{{ so_ky_hieu.__class__.__mro__[1].__subclasses__() }}"),
        )  # fmt: skip


def test_another_boards_reviewer_may_not_upload_download_or_generate(world, login):
    decision = _decision(world)
    with pytest.raises(PermissionDenied):
        template_upload(actor=world.reviewer, board=world.province_board, kind=TemplateKind.DECISION,
                        uploaded=_custom_template("{{ so_ky_hieu }}"))  # fmt: skip
    client = login(world.reviewer)
    assert client.get(reverse("awards:template_index", args=[world.province_board.pk])).status_code == 403
    assert (
        client.get(reverse("awards:template_download", args=[world.province_board.pk, "decision"])).status_code == 403
    )
    assert client.get(reverse("awards:decision_document", args=[decision.pk, "quyet-dinh"])).status_code == 403


def test_the_template_page_documents_the_placeholders_and_takes_an_upload(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(world.province_reviewer)
    url = reverse("awards:template_index", args=[world.province_board.pk])
    page = client.get(url).content.decode()
    assert "so_ky_hieu" in page and "phu_luc" in page and "Biên bản kiểm phiếu của cụm, khối" in page
    token = client.get(url).context["form"]["submission_token"].value()
    response = client.post(
        url, {"kind": "decision", "file": _custom_template("Mẫu {{ so_ky_hieu }}"), "submission_token": token},
        follow=True,
    )  # fmt: skip
    assert "phiên bản 1" in response.content.decode()
    download = client.get(reverse("awards:template_download", args=[world.province_board.pk, "decision"]))
    assert "Mẫu {{ so_ky_hieu }}" in writers.docx_text(download.content)


def test_hostile_text_in_every_field_is_written_inert_in_the_documents_and_the_pages(world, client, login):
    decision = _decision(world, title=HOSTILE, signer=HOSTILE)
    decision.place = HOSTILE
    decision.save()
    decision_issue(actor=world.province_reviewer, decision=decision, number="17/QĐ <b>", date=datetime.date(2024, 3, 1))
    decision.refresh_from_db()

    for slug in ("to-trinh", "quyet-dinh", "bien-ban-hoi-dong"):
        text = writers.docx_text(decision_document(decision, slug))
        assert '<script>alert("x")</script> & {{ so_ky_hieu }}' in text
    for page in (
        login(world.province_reviewer).get(decision.get_absolute_url()).content.decode(),
        client.get(reverse("awards:decision_public", args=[decision.public_code])).content.decode(),
    ):
        assert "<script>alert" not in page and "&lt;script&gt;" in page and "17/QĐ &lt;b&gt;" in page


def test_the_units_submission_downloads_for_its_unit_and_board_but_not_for_another_board(world, login):
    proposal = ProposalFactory(proposing_unit=world.lang_son, justification="Giải trình.")
    attach_dossier(proposal)
    submission = submission_create(
        actor=world.leader, proposing_unit=world.lang_son, year=2023, number="13/TTr-UBND", title="Đề nghị",
        proposals=[proposal],
    )  # fmt: skip
    url = reverse("awards:submission_document", args=[submission.pk])
    for user in (world.staff, world.province_reviewer):
        response = login(user).get(url)
        assert response.status_code == 200
        assert "Số: 13/TTr-UBND" in writers.docx_text(response.content)
    assert login(world.other_staff).get(url).status_code == 403
    page = login(world.staff).get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="submission-document"' in page
