"""Issue 19 items 1 and 4: the seven kinds of commendation and the recipient categories of the statutory forms,
from the proposal form to the page, the review queue, the records, their Excel export and the import of award
history; households and enterprises in the unit register."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from awards.documents.records import COLUMNS
from awards.models import AwardRecord, Proposal, ProposalKind, RecipientCategory
from awards.services.proposals import proposal_create
from awards.services.records import award_record_create
from clusters.models import PersonCategory, Unit, UnitKind
from tests.factories import (
    AwardRecordFactory,
    PersonFactory,
    StaffFactory,
    UnitFactory,
    award_type,
    import_workbook,
    make_award_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    return make_award_world()


def post_proposal(client, *, award="BANG_KHEN_CAP_TINH", **fields):
    data = {
        "award_type": award_type(award).pk,
        "year": 2023,
        "kind": ProposalKind.ANNUAL,
        "proposal_date": "05/03/2024",
        "discipline_free": "unknown",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ.",
    }
    data.update({k: v for k, v in fields.items() if v is not None})
    return client.post(reverse("awards:proposal_create"), data)


def created(response) -> Proposal:
    assert response.status_code == 302, response.content.decode()[:3000]
    return Proposal.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


# --- Kinds ---------------------------------------------------------------------------------------------------
KIND_EXTRAS = {
    ProposalKind.SENIORITY: {"service_years": 25},
    ProposalKind.DEDICATION: {"service_years": 30},
    ProposalKind.FOREIGN: {"nationality": "Cộng hòa Dân chủ Nhân dân Lào"},
}


@pytest.mark.parametrize("kind", list(ProposalKind))
def test_each_of_the_seven_kinds_is_offered_and_proposed_through_the_form(world, login, kind):
    client = login(world.staff)
    form_page = client.get(reverse("awards:proposal_create")).content.decode()
    assert f'value="{kind.value}"' in form_page

    person = PersonFactory(unit=world.lang_son)
    proposal = created(post_proposal(client, kind=kind, nominee_person=person.pk, **KIND_EXTRAS.get(kind, {})))

    assert proposal.kind == kind
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert str(kind.label) in page
    if kind == ProposalKind.FOREIGN:
        assert "Cộng hòa Dân chủ Nhân dân Lào" in page


def test_a_seniority_proposal_needs_the_years_of_service_and_another_kind_may_not_carry_them(world, login):
    client = login(world.staff)
    person = PersonFactory(unit=world.lang_son)
    page = post_proposal(client, kind=ProposalKind.SENIORITY, nominee_person=person.pk).content.decode()
    assert "Khen thưởng theo niên hạn: ghi số năm công tác." in page
    page = post_proposal(client, kind=ProposalKind.ANNUAL, nominee_person=person.pk, service_years=10).content.decode()
    assert "Số năm công tác chỉ ghi khi khen thưởng theo niên hạn hoặc cống hiến." in page
    page = post_proposal(client, kind=ProposalKind.FOREIGN, nominee_person=person.pk).content.decode()
    assert "Khen thưởng đối ngoại: ghi quốc tịch của đối tượng." in page
    assert not Proposal.objects.exists()


# --- Recipient categories ------------------------------------------------------------------------------------
def _commune_with_household(world):
    commune = UnitFactory(kind=UnitKind.COMMUNE, name="Xã Tân Thanh (thử)", parent=world.lang_son)
    household = UnitFactory(kind=UnitKind.HOUSEHOLD, name="Hộ ông Hoàng Văn Páo", parent=commune)
    return commune, household


def nominee_for(world, category):
    """(proposing staff, form fields) for a nominee of `category`."""
    if category == RecipientCategory.HOUSEHOLD:
        commune, household = _commune_with_household(world)
        return StaffFactory(unit=commune), {"nominee_unit": household.pk}
    if category == RecipientCategory.ENTERPRISE:
        firm = UnitFactory(kind=UnitKind.COLLECTIVE, name="Công ty Cổ phần Thử", parent=world.lang_son)
        Unit.objects.filter(pk=firm.pk).update(is_enterprise=True)
        return world.staff, {"nominee_unit": firm.pk}
    if category == RecipientCategory.COLLECTIVE:
        team = UnitFactory(kind=UnitKind.COLLECTIVE, name="Phòng Tổ chức (thử)", parent=world.lang_son)
        return world.staff, {"nominee_unit": team.pk}
    person_category = {
        RecipientCategory.DIRECT_WORKER: PersonCategory.DIRECT_WORKER,
        RecipientCategory.OTHER_INDIVIDUAL: PersonCategory.OTHER,
    }.get(category, PersonCategory.LEADER)
    person = PersonFactory(unit=world.lang_son, category=person_category, position="Phó Giám đốc Sở")
    return world.staff, {"nominee_person": person.pk}


@pytest.mark.parametrize("category", list(RecipientCategory))
def test_each_recipient_category_goes_through_the_form_and_shows_on_the_page_the_queue_and_the_record(
    world, login, category
):
    staff, nominee = nominee_for(world, category)
    client = login(staff)
    proposal = created(post_proposal(client, recipient_category=category, **nominee))

    assert proposal.recipient_category == category
    assert str(category.label) in client.get(proposal.get_absolute_url()).content.decode()
    listed = client.get(reverse("awards:proposal_list"), {"category": category}).content.decode()
    assert proposal.nominee_name in listed
    other = next(c for c in RecipientCategory if c != category)
    assert (
        proposal.nominee_name not in client.get(reverse("awards:proposal_list"), {"category": other}).content.decode()
    )

    record = AwardRecord.for_proposal(proposal, number="9/QĐ-UBND", date=None, authority="Chủ tịch UBND tỉnh")
    record.save()
    assert (record.kind, record.recipient_category) == (ProposalKind.ANNUAL, category)


def test_a_leader_is_refused_without_a_level_and_a_worker_cannot_be_filed_as_a_leader(world, login):
    client = login(world.staff)
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER, full_name="Vi Văn Lãnh")
    page = post_proposal(client, nominee_person=leader.pk).content.decode()
    assert "Vi Văn Lãnh là lãnh đạo, quản lý: chọn cấp lãnh đạo" in page

    worker = PersonFactory(unit=world.lang_son, category=PersonCategory.DIRECT_WORKER, full_name="Lò Văn Công")
    page = post_proposal(
        client, nominee_person=worker.pk, recipient_category=RecipientCategory.LEADER_CENTRAL
    ).content.decode()
    assert "Lò Văn Công không được đăng ký là lãnh đạo, quản lý" in page

    team = UnitFactory(kind=UnitKind.COLLECTIVE, name="Đội Thử", parent=world.lang_son)
    page = post_proposal(client, nominee_unit=team.pk, recipient_category=RecipientCategory.HOUSEHOLD).content.decode()
    assert "được đăng ký là «Tập thể», không phải «Hộ gia đình»" in page
    assert not Proposal.objects.exists()


def test_without_a_choice_the_category_comes_from_the_register(world):
    worker = PersonFactory(unit=world.lang_son, category=PersonCategory.DIRECT_WORKER)
    proposal = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_CAP_TINH", year=2023,
        nominee_person=worker,
    )  # fmt: skip
    assert proposal.recipient_category == RecipientCategory.DIRECT_WORKER


def test_a_proposal_made_by_the_system_for_a_leader_stays_unclassified_until_the_proposer_picks_the_level(world, login):
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER)
    proposal = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_CAP_TINH", year=2023,
        nominee_person=leader,
    )  # fmt: skip
    assert proposal.recipient_category == ""  # listed for fixing by the statistics
    client = login(world.staff)
    url = reverse("awards:proposal_update", args=[proposal.pk])
    form = client.get(url).context["form"]
    data = {field.name: field.value() for field in form if field.value() is not None}
    data.update({"achievements": "Thêm thành tích.", "proposal_date": "05/03/2024", "discipline_free": "unknown"})
    page = client.post(url, data).content.decode()
    assert "là lãnh đạo, quản lý: chọn cấp lãnh đạo" in page
    response = client.post(url, {**data, "recipient_category": RecipientCategory.LEADER_DIVISION})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.recipient_category == RecipientCategory.LEADER_DIVISION


def test_hostile_text_in_the_nationality_is_refused_in_vietnamese(world, login):
    client = login(world.staff)
    person = PersonFactory(unit=world.lang_son)
    page = post_proposal(
        client, kind=ProposalKind.FOREIGN, nominee_person=person.pk, nationality="Lào\x01\x0b"
    ).content.decode()
    assert "ký tự điều khiển" in page
    assert not Proposal.objects.exists()


# --- Households and enterprises in the unit register ----------------------------------------------------------
def _unit_post(client, **fields):
    data = {"kind": UnitKind.HOUSEHOLD, "name": "", "short_name": "", "code": "", "is_remote": ""}
    data.update(fields)
    return client.post(reverse("clusters:unit_create"), {k: v for k, v in data.items() if v != ""})


def test_a_household_is_created_under_its_commune_named_after_its_head_and_found_without_diacritics(world, login):
    client = login(world.admin)
    commune = UnitFactory(kind=UnitKind.COMMUNE, name="Xã Hữu Lũng (thử)", parent=world.lang_son)

    page = _unit_post(client, name="Nhà Páo", parent=world.lang_son.pk).content.decode()
    assert "Hộ gia đình phải thuộc một xã, phường, đặc khu." in page
    assert "ví dụ «Hộ ông Nguyễn Văn A»" in page
    page = _unit_post(client, name="Hộ ông Hoàng Văn Páo", parent=commune.pk, is_enterprise="on").content.decode()
    assert "Hộ gia đình không phải là doanh nghiệp." in page
    assert not Unit.objects.filter(kind=UnitKind.HOUSEHOLD).exists()

    response = _unit_post(client, name="Hộ ông Hoàng Văn Páo", parent=commune.pk)
    assert response.status_code == 302
    household = Unit.objects.get(kind=UnitKind.HOUSEHOLD)
    assert household.parent == commune
    found = client.get(reverse("clusters:unit_list"), {"q": "ho ong hoang van pao"}).content.decode()
    assert "Hộ ông Hoàng Văn Páo" in found


def test_the_database_refuses_a_household_marked_as_an_enterprise(world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Unit.objects.create(kind=UnitKind.HOUSEHOLD, name="Hộ bà Lê Thị Bích", is_enterprise=True)


def test_an_enterprise_is_marked_on_the_unit_form_and_filtered_in_the_unit_list(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("clusters:unit_create"),
        {"kind": UnitKind.COLLECTIVE, "name": "Công ty TNHH Chè Thái Nguyên", "parent": world.lang_son.pk,
         "is_enterprise": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    UnitFactory(kind=UnitKind.COLLECTIVE, name="Công ty nhà nước không đánh dấu", parent=world.lang_son)
    listed = client.get(reverse("clusters:unit_list"), {"enterprise": "1"}).content.decode()
    assert "Công ty TNHH Chè Thái Nguyên" in listed
    assert "Công ty nhà nước không đánh dấu" not in listed


# --- Records: entry, export, import ------------------------------------------------------------------------------
def test_a_record_entered_by_hand_takes_its_kind_and_a_category_checked_against_the_nominee(world):
    person = PersonFactory(unit=world.lang_son, category=PersonCategory.DIRECT_WORKER)
    record = award_record_create(
        actor=world.province_reviewer, nominee_person=person, award_type=award_type("BANG_KHEN_CAP_TINH"), year=2022,
        decision_number="5/QĐ-UBND", kind=ProposalKind.THEMATIC,
    )  # fmt: skip
    assert (record.kind, record.recipient_category) == (ProposalKind.THEMATIC, RecipientCategory.DIRECT_WORKER)
    with pytest.raises(ValidationError, match="không xếp vào phân loại của tập thể"):
        award_record_create(
            actor=world.province_reviewer, nominee_person=person, award_type=award_type("BANG_KHEN_CAP_TINH"),
            year=2021, decision_number="6/QĐ-UBND", recipient_category=RecipientCategory.ENTERPRISE,
        )  # fmt: skip


def _read(content: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_export_prints_kind_and_category_and_importing_it_back_restores_them(world, login):
    _commune, household = _commune_with_household(world)
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER, full_name="Hà Thị Lãnh Đạo")
    AwardRecordFactory(
        nominee_person=leader, award_type=award_type("BANG_KHEN_CAP_TINH"), year=2022, decision_number="1/QĐ-UBND",
        kind=ProposalKind.AD_HOC, recipient_category=RecipientCategory.LEADER_DEPARTMENT,
    )  # fmt: skip
    AwardRecordFactory(
        nominee_person=None, nominee_unit=household, award_type=award_type("BANG_KHEN_CAP_TINH"), year=2022,
        decision_number="1/QĐ-UBND", kind=ProposalKind.RESISTANCE, recipient_category=RecipientCategory.HOUSEHOLD,
    )  # fmt: skip
    client = login(world.province_reviewer)
    response = client.get(reverse("awards:record_list"), {"format": "xlsx"})
    rows = _read(response.content)
    by_name = {row["Cá nhân"] or row["Tập thể"]: row for row in rows}
    assert by_name["Hà Thị Lãnh Đạo"]["Loại khen thưởng"] == "Khen thưởng đột xuất"
    assert by_name["Hà Thị Lãnh Đạo"]["Phân loại đối tượng"] == "Lãnh đạo vụ, cục, sở, ban, ngành và tương đương"
    assert by_name["Hộ ông Hoàng Văn Páo"]["Loại khen thưởng"] == "Khen thưởng thành tích kháng chiến"
    assert by_name["Hộ ông Hoàng Văn Páo"]["Phân loại đối tượng"] == "Hộ gia đình"

    AwardRecord.objects.all().delete()
    upload = import_workbook(list(rows[0]), [list(row.values()) for row in rows])
    preview = client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    assert "2 dòng hợp lệ" in preview, preview
    client.post(reverse("awards:record_import_confirm"))
    restored = {
        (r.nominee_person_id or r.nominee_unit_id, r.kind, r.recipient_category) for r in AwardRecord.objects.all()
    }
    assert restored == {
        (leader.pk, ProposalKind.AD_HOC, RecipientCategory.LEADER_DEPARTMENT),
        (household.pk, ProposalKind.RESISTANCE, RecipientCategory.HOUSEHOLD),
    }


def _import_row(person, *, kind="", category=""):
    values = {
        "Năm": 2022, "Mã danh hiệu, hình thức": "BANG_KHEN_CAP_TINH", "Cá nhân": person.full_name,
        "Đơn vị của cá nhân": person.unit.name, "Số quyết định": "7/QĐ-UBND", "Ngày quyết định": "10/01/2023",
        "Cơ quan quyết định": "Chủ tịch UBND tỉnh", "Loại khen thưởng": kind, "Phân loại đối tượng": category,
    }  # fmt: skip
    return [values.get(column, "") for column in COLUMNS]


def test_the_import_reads_the_labels_without_diacritics_and_names_the_column_of_an_unknown_value(world, login):
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER, full_name="Nông Văn Dền")
    worker = PersonFactory(unit=world.lang_son, category=PersonCategory.DIRECT_WORKER, full_name="Lục Thị Mai")
    client = login(world.province_reviewer)
    upload = import_workbook(
        COLUMNS,
        [
            _import_row(leader, kind="KHEN THUONG THEO NIEN HAN", category="lanh dao tu pho truong phong tro len"),
            _import_row(worker, kind="Khen thưởng kiểu lạ", category="Doanh nghiệp"),
        ],
    )
    preview = client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    assert "Loại khen thưởng: không có giá trị «Khen thưởng kiểu lạ»" in preview
    upload = import_workbook(COLUMNS, [_import_row(worker, category="Doanh nghiệp")])
    preview = client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    assert "Phân loại đối tượng: Lục Thị Mai là cá nhân: không xếp vào phân loại của tập thể." in preview

    upload = import_workbook(
        COLUMNS,
        [_import_row(leader, kind="KHEN THUONG THEO NIEN HAN", category="lanh dao tu pho truong phong tro len")],
    )
    assert "1 dòng hợp lệ" in client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    client.post(reverse("awards:record_import_confirm"))
    record = AwardRecord.objects.get()
    assert (record.kind, record.recipient_category) == (ProposalKind.SENIORITY, RecipientCategory.LEADER_DIVISION)


def test_an_old_file_without_the_new_columns_still_imports_leaving_a_leader_unclassified(world, login):
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER, full_name="Nông Văn Cũ")
    client = login(world.province_reviewer)
    old_columns = COLUMNS[:-2]
    upload = import_workbook(old_columns, [_import_row(leader)[:-2]])
    assert "1 dòng hợp lệ" in client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    client.post(reverse("awards:record_import_confirm"))
    assert AwardRecord.objects.get().recipient_category == ""


def test_the_import_template_carries_the_new_columns_and_their_values(world, login):
    client = login(world.province_reviewer)
    response = client.get(reverse("awards:record_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == COLUMNS
    guide = " ".join(str(c.value) for row in workbook.worksheets[1].iter_rows() for c in row if c.value)
    assert "Khen thưởng thành tích kháng chiến" in guide and "Hộ gia đình" in guide
    assert login(world.staff).get(reverse("awards:record_import_template")).status_code == 403


# --- The scale data (awards/scale.py) ---------------------------------------------------------------------------
def test_the_scale_data_is_mostly_annual_with_some_of_each_kind_and_categories_that_fit_their_nominees():
    from django.db.models import Count

    from emulation import scale

    scale.generate(seed=5, scale=0.002)

    kinds = dict(AwardRecord.objects.values_list("kind").annotate(n=Count("id")))
    total = sum(kinds.values())
    assert kinds[ProposalKind.ANNUAL] > 0.7 * total
    assert len(kinds) >= 5 and "" not in kinds  # every record classified
    assert not AwardRecord.objects.filter(recipient_category="").exists()
    assert not Proposal.objects.filter(recipient_category="").exists()
    leaders = AwardRecord.objects.filter(nominee_person__category=PersonCategory.LEADER)
    assert set(leaders.values_list("recipient_category", flat=True)) <= {
        RecipientCategory.LEADER_CENTRAL, RecipientCategory.LEADER_DEPARTMENT, RecipientCategory.LEADER_DIVISION
    }  # fmt: skip
    workers = AwardRecord.objects.filter(nominee_person__category=PersonCategory.DIRECT_WORKER)
    assert set(workers.values_list("recipient_category", flat=True)) == {RecipientCategory.DIRECT_WORKER}
    assert not Proposal.objects.filter(kind=ProposalKind.SENIORITY, service_years__isnull=True).exists()
    assert not Proposal.objects.exclude(kind=ProposalKind.FOREIGN).exclude(nationality="").exists()
    from awards.models import Dossier

    dossier = Dossier.objects.order_by("pk").first()
    assert dossier is not None and dossier.lines.count() > 1
    assert set(dossier.lines.values_list("proposing_unit", "award_type", "year", "kind")) == {
        (dossier.proposing_unit_id, dossier.award_type_id, dossier.year, dossier.kind)
    }


def test_existing_rows_are_classified_by_the_migration_from_their_proposal_and_nominee(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("awards.migrations.0022_kinds_and_recipient_categories")
    _commune, household = _commune_with_household(world)
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER)
    worker = PersonFactory(unit=world.lang_son, category=PersonCategory.DIRECT_WORKER)
    proposal = Proposal.objects.create(
        proposing_unit=world.lang_son, award_type=award_type("GIAY_KHEN"), year=2022, nominee_person=worker,
        kind=ProposalKind.THEMATIC,
    )  # fmt: skip
    granted = AwardRecordFactory(nominee_person=worker, proposal=proposal, award_type=award_type("GIAY_KHEN"))
    home = AwardRecordFactory(nominee_person=None, nominee_unit=household, award_type=award_type("GIAY_KHEN"))
    boss = AwardRecordFactory(nominee_person=leader)

    migration.classify(apps, None)

    for row in (proposal, granted, home, boss):
        row.refresh_from_db()
    assert (granted.kind, granted.recipient_category) == (ProposalKind.THEMATIC, RecipientCategory.DIRECT_WORKER)
    assert proposal.recipient_category == RecipientCategory.DIRECT_WORKER
    assert (home.kind, home.recipient_category) == ("", RecipientCategory.HOUSEHOLD)
    assert (boss.kind, boss.recipient_category) == ("", "")  # listed for fixing
