"""Bulk set-up from Excel (issue 15 item 3): a board's administrator imports units, collectives, people and
accounts of its jurisdiction. Every error of every row is shown with its row number and column before anything is
saved; nothing is saved until confirmed, and a confirm sent twice imports once; importing the same file again
changes nothing; each import has a template with Vietnamese headers, an example row and instructions; accounts get
their invitation e-mails on confirmation only."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from clusters.documents.imports import IMPORTS, parse_accounts, parse_people, parse_units
from clusters.models import AuditEvent, Gender, Person, PersonCategory, Role, Unit, UnitKind, User
from clusters.services.imports import accounts_import, people_import, units_import
from tests.factories import (
    ACCOUNT_IMPORT_HEADERS,
    AdminFactory,
    BoardAdminFactory,
    BoardFactory,
    LeaderFactory,
    PersonFactory,
    StaffFactory,
    UnitFactory,
    accounts_workbook,
    import_workbook,
)

pytestmark = pytest.mark.django_db

UNIT_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên ngắn",
    "Loại đơn vị",
    "Đơn vị cấp trên",
    "Ban Thi đua - Khen thưởng",
    "Vùng sâu, vùng xa",
    "Hoạt động từ",
]
COLLECTIVE_HEADERS = ["Mã đơn vị", "Tên tập thể", "Tên ngắn", "Đơn vị cấp trên"]
PEOPLE_HEADERS = [
    "Họ và tên",
    "Đơn vị",
    "Chức vụ",
    "Giới tính",
    "Ngày sinh",
    "Đối tượng",
    "Số CCCD",
    "Mã số công chức, viên chức",
    "Người dân tộc thiểu số",
]


@pytest.fixture
def world():
    """Two provinces, each with its board and the board's administrator, and an agency under each."""
    lang_son = UnitFactory(name="Tỉnh Lạng Sơn (thử)", code="LS-T")
    ha_giang = UnitFactory(name="Tỉnh Hà Giang (thử)", code="HG-T")
    ls_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Lạng Sơn (thử)", parent=lang_son, code="LS-BTD")
    hg_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Hà Giang (thử)", parent=ha_giang)
    ls_agency = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ tỉnh Lạng Sơn (thử)", parent=lang_son, code="LS-SNV")
    hg_agency = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ tỉnh Hà Giang (thử)", parent=ha_giang, code="HG-SNV")
    return SimpleNamespace(
        lang_son=lang_son,
        ha_giang=ha_giang,
        ls_board=ls_board,
        hg_board=hg_board,
        ls_agency=ls_agency,
        hg_agency=hg_agency,
        admin=BoardAdminFactory(unit=ls_board, username="quantri.langson"),
        other_admin=BoardAdminFactory(unit=hg_board, username="quantri.hagiang"),
    )


def _signed_in(client, user):
    client.force_login(user)
    return client


def _preview(client, kind: str, upload) -> str:
    response = client.post(reverse(f"clusters:import_{kind}"), {"file": upload})
    assert response.status_code == 200
    return response.content.decode()


def _confirm(client, kind: str):
    return client.post(reverse(f"clusters:import_{kind}_confirm"), follow=True)


def _units_file(world, rows=None):
    return import_workbook(
        UNIT_HEADERS,
        rows
        or [
            [
                "LS-SYT",
                "Sở Y tế tỉnh Lạng Sơn",
                "Sở Y tế",
                "Sở, ban, ngành, cơ quan, đơn vị",
                "LS-T",
                world.ls_board.name,
                "Không",
                "01/07/2025",
            ],
            ["LS-XTT", "Xã Tân Thanh", "", "Xã, phường, đặc khu", "Tỉnh Lạng Sơn (thử)", "", "Có", ""],
            ["", "Phòng Nghiệp vụ Y", "", "Tập thể trực thuộc (phòng, tổ, đội)", "LS-SYT", "", "", ""],
        ],
    )


# --- Units ------------------------------------------------------------------------------------------------------
def test_a_board_admin_imports_units_with_parents_by_code_name_and_an_earlier_row(client, world):
    _signed_in(client, world.admin)
    page = _preview(client, "units", _units_file(world))
    assert "3 dòng mới sẽ được nhập." in page and 'data-testid="import-confirm"' in page
    assert not Unit.objects.filter(name="Sở Y tế tỉnh Lạng Sơn").exists()  # nothing saved by the preview

    done = _confirm(client, "units").content.decode()
    assert "Đã nhập đơn vị từ Excel: 3 mới, 0 không đổi." in done
    health = Unit.objects.get(code="LS-SYT")
    assert (health.kind, health.parent, health.short_name, health.active_from) == (
        UnitKind.AGENCY,
        world.lang_son,
        "Sở Y tế",
        datetime.date(2025, 7, 1),
    )
    assert Unit.objects.get(name="Xã Tân Thanh").is_remote
    assert Unit.objects.get(name="Phòng Nghiệp vụ Y").parent == health
    assert AuditEvent.objects.filter(action="unit.create", actor=world.admin).count() == 3
    assert AuditEvent.objects.filter(action="import.units", actor=world.admin).exists()


def test_reimporting_the_same_units_file_changes_nothing(client, world):
    _signed_in(client, world.admin)
    _preview(client, "units", _units_file(world))
    _confirm(client, "units")
    count, audits = Unit.objects.count(), AuditEvent.objects.filter(action="unit.create").count()

    page = _preview(client, "units", _units_file(world))
    assert "0 dòng mới sẽ được nhập." in page and "3 dòng đã có, không đổi." in page
    assert "Đã có — không đổi" in page
    assert "Đã nhập đơn vị từ Excel: 0 mới, 3 không đổi." in _confirm(client, "units").content.decode()
    assert Unit.objects.count() == count
    assert AuditEvent.objects.filter(action="unit.create").count() == audits


def test_bad_unit_rows_are_listed_with_their_row_and_column_and_nothing_is_saved(client, world):
    _signed_in(client, world.admin)
    rows = [
        ["LS-A", "Sở Công Thương tỉnh Lạng Sơn", "", "Sở, ban, ngành, cơ quan, đơn vị", "LS-T", "", "", ""],
        ["LS-B", "", "", "Sở, ban, ngành, cơ quan, đơn vị", "LS-T", "", "", ""],
        ["LS-C", "Sở Xây dựng", "", "Tỉnh, thành phố trực thuộc Trung ương", "LS-T", "", "", ""],
        ["LS-D", "Sở Tài chính", "", "Sở, ban, ngành, cơ quan, đơn vị", "Không có đơn vị này", "", "", ""],
        ["LS-E", "Sở Tư pháp", "", "Sở, ban, ngành, cơ quan, đơn vị", "LS-T", "", "Có lẽ", "32/13/2025"],
        ["LS-A", "Sở Công Thương (lặp)", "", "Sở, ban, ngành, cơ quan, đơn vị", "LS-T", "", "", ""],
    ]
    page = _preview(client, "units", _units_file(world, rows))
    assert "5 dòng có lỗi: sửa tệp rồi tải lên lại. Chưa có gì được lưu." in page
    assert "Dòng 3 — Tên đơn vị: bắt buộc, đang để trống." in page
    assert "Dòng 4 — Loại đơn vị: «Tỉnh, thành phố trực thuộc Trung ương» không phải loại đơn vị bạn được nhập" in page
    assert "Dòng 5 — Đơn vị cấp trên: không tìm thấy đơn vị «Không có đơn vị này»" in page
    assert "Dòng 6 — Vùng sâu, vùng xa: ghi Có hoặc Không." in page
    assert "Dòng 6 — Hoạt động từ: «32/13/2025» không đúng dạng ngày/tháng/năm." in page
    assert "Dòng 7 — Mã đơn vị: trùng với dòng 2." in page
    assert 'data-testid="import-confirm"' not in page
    assert not Unit.objects.filter(code__in=["LS-A", "LS-C", "LS-D", "LS-E"]).exists()
    confirm = _confirm(client, "units").content.decode()  # nothing pending: nothing saved
    assert "Không có dữ liệu đã kiểm tra để nhập" in confirm
    assert not Unit.objects.filter(code="LS-A").exists()


def test_another_boards_units_are_refused_as_parent_and_as_board(client, world):
    _signed_in(client, world.admin)
    rows = [
        ["", "Phòng của Hà Giang", "", "Sở, ban, ngành, cơ quan, đơn vị", "HG-SNV", "", "", ""],
        ["", "Sở Lạng Sơn nhưng Ban khác", "", "Sở, ban, ngành, cơ quan, đơn vị", "LS-T", world.hg_board.name, "", ""],
    ]
    page = _preview(client, "units", _units_file(world, rows))
    assert (
        "Dòng 2 — Đơn vị cấp trên: đơn vị «Sở Nội vụ tỉnh Hà Giang (thử)» không thuộc phạm vi quản lý của bạn." in page
    )
    assert "Dòng 3 — Ban Thi đua - Khen thưởng: chỉ nhập được đơn vị của Ban mình" in page
    assert not Unit.objects.filter(name="Phòng của Hà Giang").exists()


def test_the_service_refuses_a_parent_outside_the_jurisdiction_even_from_a_forged_preview(world):
    rows = [
        {
            "line": 2,
            "kind": UnitKind.AGENCY,
            "name": "Giả mạo",
            "short_name": "",
            "code": None,
            "parent_id": world.hg_agency.pk,
            "parent_line": None,
            "is_remote": False,
            "active_from": None,
        }
    ]
    with pytest.raises(PermissionDenied, match="Dòng 2"):
        units_import(actor=world.admin, rows=rows)
    assert not Unit.objects.filter(name="Giả mạo").exists()


def test_a_unit_user_may_not_open_the_imports(client, world):
    _signed_in(client, StaffFactory(unit=world.ls_agency))
    for kind in IMPORTS:
        assert client.get(reverse(f"clusters:import_{kind}")).status_code == 403
        assert client.get(reverse(f"clusters:import_{kind}_template")).status_code == 403
        assert client.post(reverse(f"clusters:import_{kind}_confirm")).status_code == 403


def test_the_system_admin_imports_a_province_and_its_board(world):
    admin = AdminFactory()
    rows, errors = parse_units(
        import_workbook(
            UNIT_HEADERS,
            [
                ["CB", "Tỉnh Cao Bằng (thử)", "", "Tỉnh, thành phố trực thuộc Trung ương", "", "", "", ""],
                [
                    "CB-BTD",
                    "Ban Thi đua - Khen thưởng tỉnh Cao Bằng (thử)",
                    "",
                    "Ban Thi đua - Khen thưởng",
                    "CB",
                    "",
                    "",
                    "",
                ],
            ],
        ),
        importer=admin,
    )
    assert errors == [] and all(row.ok for row in rows), [row.errors for row in rows]
    result = units_import(actor=admin, rows=[row.data for row in rows])
    assert len(result.created) == 2
    assert Unit.objects.get(code="CB-BTD").parent == Unit.objects.get(code="CB")


# --- Collectives ------------------------------------------------------------------------------------------------
def test_collectives_are_imported_under_their_parent_unit(client, world):
    _signed_in(client, world.admin)
    rows = [["", "Phòng Tổ chức cán bộ", "Phòng TCCB", "LS-SNV"], ["", "Văn phòng Sở", "", world.ls_agency.name]]
    page = _preview(client, "collectives", import_workbook(COLLECTIVE_HEADERS, rows))
    assert "2 dòng mới sẽ được nhập." in page
    assert "Đã nhập tập thể từ Excel: 2 mới, 0 không đổi." in _confirm(client, "collectives").content.decode()
    made = Unit.objects.filter(parent=world.ls_agency, kind=UnitKind.COLLECTIVE)
    assert sorted(made.values_list("name", flat=True)) == ["Phòng Tổ chức cán bộ", "Văn phòng Sở"]

    again = _preview(client, "collectives", import_workbook(COLLECTIVE_HEADERS, rows))
    assert "2 dòng đã có, không đổi." in again


def test_a_collective_under_another_boards_unit_is_refused(client, world):
    _signed_in(client, world.admin)
    page = _preview(client, "collectives", import_workbook(COLLECTIVE_HEADERS, [["", "Phòng X", "", "HG-SNV"]]))
    assert "Dòng 2 — Đơn vị cấp trên: đơn vị «Sở Nội vụ tỉnh Hà Giang (thử)» không thuộc phạm vi quản lý" in page


# --- People -----------------------------------------------------------------------------------------------------
def _people_file(world, rows=None):
    return import_workbook(
        PEOPLE_HEADERS,
        rows
        or [
            ["Nguyễn Đình Đức", "LS-SNV", "Giám đốc", "Nam", "15/03/1975", "Lãnh đạo, quản lý", "001075000123", "", ""],
            [
                "Hoàng Thị Mai",
                world.ls_agency.name,
                "Chuyên viên",
                "Nữ",
                datetime.datetime(1990, 5, 2),
                "",
                1190000456,
                "CV-01",
                "Có",
            ],
            ["Lò Văn Páo", "LS-SNV", "", "", "1982", "Người lao động trực tiếp", "", "", ""],
        ],
    )


def test_people_are_imported_with_vietnamese_names_dates_and_categories(client, world):
    _signed_in(client, world.admin)
    page = _preview(client, "people", _people_file(world))
    assert "3 dòng mới sẽ được nhập." in page, page
    assert not Person.objects.exists()
    assert "Đã nhập cá nhân từ Excel: 3 mới, 0 không đổi." in _confirm(client, "people").content.decode()

    duc = Person.objects.get(full_name="Nguyễn Đình Đức")
    assert (duc.given_name, duc.gender, duc.birth_date, duc.category, duc.citizen_id, duc.unit) == (
        "Đức",
        Gender.MALE,
        datetime.date(1975, 3, 15),
        PersonCategory.LEADER,
        "001075000123",
        world.ls_agency,
    )
    mai = Person.objects.get(full_name="Hoàng Thị Mai")
    assert (mai.birth_date, mai.category, mai.citizen_id, mai.is_ethnic_minority) == (
        datetime.date(1990, 5, 2),
        PersonCategory.OTHER,
        "001190000456",  # a number cell's lost leading zeros put back
        True,
    )
    pao = Person.objects.get(full_name="Lò Văn Páo")
    assert (pao.birth_date, pao.birth_year) == (None, 1982)
    assert AuditEvent.objects.filter(action="person.create").count() == 3


def test_people_already_there_are_unchanged_and_duplicates_in_the_file_are_errors(client, world):
    PersonFactory(full_name="Nguyễn Đình Đức", unit=world.ls_agency, birth_date=datetime.date(1975, 3, 15))
    _signed_in(client, world.admin)
    rows = [
        ["nguyen dinh duc", "LS-SNV", "", "", "15/03/1975", "", "", "", ""],  # the same person, typed otherwise
        ["Trần Văn An", "LS-SNV", "", "", "01/01/1980", "", "", "", ""],
        ["Trần  Văn An", "LS-SNV", "", "", "01/01/1980", "", "", "", ""],
        ["Phạm Thị Lan", "LS-SNV", "", "Khác", "30/02/1980", "Cán bộ", "12345", "", ""],
        ["Phạm Văn Hùng", "HG-SNV", "", "", "", "", "", "", ""],
        ["", "LS-SNV", "", "", datetime.date.today() + datetime.timedelta(days=400), "", "", "", ""],
    ]
    page = _preview(client, "people", _people_file(world, rows))
    assert "Dòng 4 — Họ và tên: trùng với dòng 3." in page
    assert "Dòng 5 — Giới tính: ghi Nam hoặc Nữ." in page
    assert "Dòng 5 — Ngày sinh: «30/02/1980» không đúng dạng ngày/tháng/năm." in page
    assert "Dòng 5 — Đối tượng: dùng một trong:" in page
    assert "Dòng 5 — Số CCCD: số CCCD gồm đúng 12 chữ số." in page
    assert "Dòng 6 — Đơn vị: đơn vị «Sở Nội vụ tỉnh Hà Giang (thử)» không thuộc phạm vi quản lý của bạn." in page
    assert "Dòng 7 — Họ và tên: bắt buộc, đang để trống." in page
    assert "Dòng 7 — Ngày sinh: ngày sinh không được ở tương lai." in page
    assert Person.objects.count() == 1

    rows, _errors = parse_people(_people_file(world, rows[:2]), importer=world.admin)
    assert [row.status for row in rows] == ["unchanged", "new"]


def test_a_citizen_id_of_someone_else_is_refused(world):
    PersonFactory(full_name="Người Khác", unit=world.ls_agency, citizen_id="001075000999")
    rows, _errors = parse_people(
        _people_file(world, [["Trần Văn Bình", "LS-SNV", "", "", "", "", "001075000999", "", ""]]), importer=world.admin
    )
    assert rows[0].errors == ["Số CCCD: «001075000999» đã là của một người khác."]


def test_a_double_confirm_imports_people_once(client, world):
    _signed_in(client, world.admin)
    _preview(client, "people", _people_file(world))
    first = client.post(reverse("clusters:import_people_confirm"))
    second = client.post(reverse("clusters:import_people_confirm"), follow=True)
    assert first.status_code == 302
    assert "Không có dữ liệu đã kiểm tra để nhập" in second.content.decode()
    assert Person.objects.count() == 3


def test_a_preview_confirmed_from_two_tabs_at_once_is_claimed_once(rf, world):
    """Two confirms reading the same session before either saved it: the preview's token is claimed once."""
    from django.contrib.sessions.backends.db import SessionStore

    from clusters import imports

    session = SessionStore()
    request = SimpleNamespace(session=session)
    imports.stash(request, "test", [{"line": 2}])
    copy = SimpleNamespace(session=dict(session.items()))
    assert imports.take(request, "test") == [{"line": 2}]
    assert imports.take(copy, "test") is None


def test_people_service_skips_a_person_made_meanwhile(world):
    rows, _errors = parse_people(_people_file(world), importer=world.admin)
    data = [row.data for row in rows]
    people_import(actor=world.admin, rows=data)
    result = people_import(actor=world.admin, rows=data)
    assert (len(result.created), result.unchanged) == (0, 3)
    assert Person.objects.count() == 3


# --- Accounts ---------------------------------------------------------------------------------------------------
def _leaders(world, n=3):
    return [
        {
            "username": f"lanhdao.{i}",
            "full_name": f"Nguyễn Văn Lãnh Đạo {i}",
            "email": f"lanhdao{i}@langson.gov.vn",
            "unit": UnitFactory(kind=UnitKind.AGENCY, name=f"Sở số {i} (thử)", parent=world.lang_son, code=f"LS-S{i}"),
            "position": "Giám đốc",
        }
        for i in range(1, n + 1)
    ]


def test_accounts_are_imported_and_invited_on_confirm_only(client, world):
    _signed_in(client, world.admin)
    leaders = _leaders(world)
    page = _preview(client, "accounts", accounts_workbook(leaders))
    assert "3 dòng mới sẽ được nhập." in page
    assert "Mỗi tài khoản mới nhận e-mail mời đặt mật khẩu khi bạn xác nhận." in page
    assert mail.outbox == [] and not User.objects.filter(username__startswith="lanhdao.").exists()

    done = _confirm(client, "accounts").content.decode()
    assert "Đã nhập tài khoản từ Excel: 3 mới, 0 không đổi." in done
    assert "Đã gửi lời mời đặt mật khẩu tới e-mail của 3 tài khoản mới." in done
    assert sorted(m.to[0] for m in mail.outbox) == [f"lanhdao{i}@langson.gov.vn" for i in (1, 2, 3)]
    assert all("/dat-mat-khau/" in m.body for m in mail.outbox)
    user = User.objects.get(username="lanhdao.1")
    assert (user.role, user.unit, user.full_name, user.position) == (
        Role.LEADER,
        leaders[0]["unit"],
        "Nguyễn Văn Lãnh Đạo 1",
        "Giám đốc",
    )
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="user.create", actor=world.admin).count() == 3

    mail.outbox.clear()  # the same file again: nothing new, nobody e-mailed twice
    assert "3 dòng đã có, không đổi." in _preview(client, "accounts", accounts_workbook(leaders))
    assert "0 mới, 3 không đổi" in _confirm(client, "accounts").content.decode()
    assert mail.outbox == []


def test_account_rows_refused_with_their_reasons(client, world):
    _signed_in(client, world.admin)
    LeaderFactory(username="da.co", unit=world.ls_agency)
    rows = [
        ["co dau", "Tên Có Dấu", "a@example.vn", "LS-SNV", "Lãnh đạo đơn vị", ""],
        ["khong.email", "Không Có Thư", "", "LS-SNV", "Lãnh đạo đơn vị", ""],
        ["sai.email", "Sai Thư", "khong-phai-thu", "LS-SNV", "Cán bộ thi đua của đơn vị", ""],
        [
            "tham.dinh",
            "Chuyên Viên",
            "cv@example.vn",
            "LS-SNV",
            "Chuyên viên thẩm định (Ban Thi đua - Khen thưởng)",
            "",
        ],
        ["ha.giang", "Người Hà Giang", "hg@example.vn", "HG-SNV", "Lãnh đạo đơn vị", ""],
        ["DA.CO", "Trùng Tên", "trung@example.vn", "LS-T", "Lãnh đạo đơn vị", ""],
        ["o.ban", "Ở Ban", "ban@example.vn", "LS-BTD", "Cán bộ thi đua của đơn vị", ""],
        ["lap", "Lặp Một", "lap@example.vn", "LS-SNV", "Lãnh đạo đơn vị", ""],
        ["LAP", "Lặp Hai", "lap2@example.vn", "LS-SNV", "Lãnh đạo đơn vị", ""],
    ]
    page = _preview(client, "accounts", import_workbook(ACCOUNT_IMPORT_HEADERS, rows))
    assert "Dòng 2 — Tên đăng nhập: Tên đăng nhập chỉ gồm chữ cái không dấu" in page
    assert "Dòng 3 — E-mail: bắt buộc, đang để trống." in page
    assert "Dòng 4 — E-mail: «khong-phai-thu» không phải địa chỉ e-mail hợp lệ." in page
    assert "Dòng 5 — Vai trò: bạn không được cấp vai trò «Chuyên viên thẩm định" in page
    assert "Dòng 6 — Đơn vị: đơn vị «Sở Nội vụ tỉnh Hà Giang (thử)» không thuộc phạm vi quản lý của bạn." in page
    assert "Dòng 7 — Tên đăng nhập: tên đăng nhập «DA.CO» đã có người dùng." in page
    assert "Dòng 8 — Đơn vị: đơn vị «Ban Thi đua - Khen thưởng tỉnh Lạng Sơn (thử)» không thuộc phạm vi" in page
    assert "Dòng 10 — Tên đăng nhập: trùng với dòng 9." in page
    assert 'data-testid="import-confirm"' not in page
    assert not User.objects.filter(username__in=["khong.email", "lap"]).exists()
    assert mail.outbox == []


def test_a_forged_role_is_refused_by_the_service(world):
    rows = [
        {
            "line": 2,
            "username": "gia.mao",
            "full_name": "Giả Mạo",
            "email": "g@example.vn",
            "role": Role.BOARD_ADMIN,
            "unit_id": world.ls_agency.pk,
            "position": "",
        }
    ]
    with pytest.raises(PermissionDenied):
        accounts_import(actor=world.admin, rows=rows, site_url="http://testserver/")
    assert not User.objects.filter(username="gia.mao").exists() and mail.outbox == []


@override_settings(EMAIL_BACKEND="tests.clusters.test_imports.BrokenMail")
def test_an_invitation_the_mail_server_refuses_is_reported_and_the_account_kept(client, world):
    _signed_in(client, world.admin)
    _preview(client, "accounts", accounts_workbook(_leaders(world, 1)))
    done = _confirm(client, "accounts").content.decode()
    assert "Chưa gửi được lời mời tới: lanhdao.1" in done
    assert User.objects.filter(username="lanhdao.1").exists()


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("no mail server")


def test_hostile_text_in_a_file_is_shown_inert_and_stored_as_text(client, world):
    _signed_in(client, world.admin)
    script = '<script>alert("x")</script>'
    rows = [[f"{script} Nguyễn Văn A  ", "LS-SNV", "Robert'); DROP TABLE person;--", "", "", "", "", "", ""]]
    page = _preview(client, "people", _people_file(world, rows))
    assert script not in page and "&lt;script&gt;" in page
    _confirm(client, "people")
    person = Person.objects.get()
    assert person.full_name == f"{script} Nguyễn Văn A" and person.position == "Robert'); DROP TABLE person;--"


# --- Files ------------------------------------------------------------------------------------------------------
def test_each_template_has_vietnamese_headers_an_example_row_and_instructions(client, world):
    _signed_in(client, world.admin)
    for kind, spec in IMPORTS.items():
        response = client.get(reverse(f"clusters:import_{kind}_template"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
        assert "attachment" in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        data, guide = book.worksheets
        header, example = [[c.value for c in row] for row in data.iter_rows(max_row=2)]
        assert header == spec.headers
        assert any(example)
        assert guide.title == "Hướng dẫn"
        guide_text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
        assert all(name in guide_text for name in spec.headers)
    accounts = load_workbook(io.BytesIO(client.get(reverse("clusters:import_accounts_template")).content))
    assert accounts.worksheets[0]["A1"].value == "Tên đăng nhập"
    assert "Lãnh đạo đơn vị" in " ".join(str(c.value) for row in accounts.worksheets[1].iter_rows() for c in row)


def test_the_filled_template_imports(client, world):
    """The template's own example row (with the importer's units) imports: the template and the parse agree."""
    _signed_in(client, world.admin)
    book = load_workbook(io.BytesIO(client.get(reverse("clusters:import_people_template")).content))
    sheet = book.worksheets[0]
    sheet["B2"] = "LS-SNV"
    buffer = io.BytesIO()
    book.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = _preview(client, "people", SimpleUploadedFile("mau.xlsx", buffer.getvalue()))
    assert "1 dòng mới sẽ được nhập." in page, page


def test_a_file_that_is_not_excel_or_lacks_columns_or_is_too_long_is_refused(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _signed_in(client, world.admin)
    page = _preview(client, "people", SimpleUploadedFile("ds.xlsx", b"not a workbook"))
    assert "Nội dung tệp không khớp với loại tệp .xlsx." in page
    page = _preview(client, "people", import_workbook(["Họ và tên"], [["Nguyễn Văn A"]]))
    assert "Thiếu cột: Đơn vị. Dùng tệp mẫu của trang này." in page
    with override_settings(IMPORT_MAX_ROWS=2):
        page = _preview(client, "people", _people_file(world))
    assert "Tệp có hơn 2 dòng: chia nhỏ tệp rồi nhập từng phần." in page
    assert 'data-testid="import-confirm"' not in page


def test_the_import_pages_are_linked_from_the_lists(client, world):
    _signed_in(client, world.admin)
    assert reverse("clusters:import_accounts") in client.get(reverse("clusters:account_list")).content.decode()
    units = client.get(reverse("clusters:unit_list")).content.decode()
    assert reverse("clusters:import_units") in units and reverse("clusters:import_collectives") in units
    assert reverse("clusters:import_people") in client.get(reverse("clusters:person_list")).content.decode()


def test_the_accounts_workbook_helper_builds_a_file_the_import_reads(world):
    leaders = _leaders(world, 10)
    rows, errors = parse_accounts(accounts_workbook(leaders), importer=world.admin)
    assert errors == [] and [row.status for row in rows] == ["new"] * 10


def test_the_award_import_shares_the_machinery(world):
    """The award-record import reads its file with clusters.imports (a broken file says so the same way)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from awards.documents.records import parse_workbook

    rows, errors = parse_workbook(SimpleUploadedFile("a.xlsx", b"PK\x03\x04 broken"), importer=None)
    assert rows == [] and errors == ["Không đọc được tệp: tệp không phải Excel .xlsx hợp lệ."]
    assert BoardFactory  # the factories the other imports' tests use


def test_collectives_of_one_name_under_two_units_are_two_and_a_row_below_names_its_parent_by_code(client, world):
    other = UnitFactory(
        kind=UnitKind.AGENCY, name="Sở Tài chính tỉnh Lạng Sơn (thử)", parent=world.lang_son, code="LS-STC"
    )
    _signed_in(client, world.admin)
    rows = [
        ["VP-SNV", "Văn phòng", "", "LS-SNV"],
        ["VP-STC", "Văn phòng", "", other.code],
        ["", "Tổ lưu trữ", "", "Văn phòng"],
        ["", "Tổ văn thư", "", "VP-STC"],
    ]
    page = _preview(client, "collectives", import_workbook(COLLECTIVE_HEADERS, rows))
    assert "Dòng 4 — Đơn vị cấp trên: có nhiều dòng phía trên tên «Văn phòng»: ghi mã đơn vị." in page
    assert "1 dòng có lỗi" in page
    rows[2][3] = "VP-SNV"
    assert "4 dòng mới sẽ được nhập." in _preview(client, "collectives", import_workbook(COLLECTIVE_HEADERS, rows))
    _confirm(client, "collectives")
    assert Unit.objects.get(name="Tổ văn thư").parent.parent == other
