"""The organisation's Excel imports: units, collectives, people and accounts, read and checked row by row.

Each import (`IMPORTS`, keyed by its name) has its columns (the template's headers, with what each holds) and a
`parse(file, importer=)` that reads the file with `clusters.imports.read_rows` and checks every row, saving
nothing: rows with errors name their column; rows already in the system are "unchanged" (re-importing a file
changes nothing); the others are "new", with the data `clusters.services.imports` saves on confirmation.

Units are named by their code or their exact name (a unit of an earlier row of the same file too); only units
the importer manages (`clusters.selectors.accounts.manageable_units`: a board's jurisdiction) may be named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms.accounts import USERNAME
from ..imports import Column, ImportRow, cell_date, check_length, check_required, read_rows, template_xlsx, yes_no
from ..models import Gender, Person, PersonCategory, Role, Unit, UnitKind, User
from ..names import normalize_name
from ..search import fold
from ..selectors.accounts import BOARD_KINDS, BOARD_ROLES, assignable_roles, manageable_units
from ..selectors.units import units_in_jurisdiction


def _labels(choices) -> str:
    return "; ".join(str(label) for _value, label in choices)


def _choice(text: str, choices) -> str | None:
    """The value of a TextChoices named by its label or value, without diacritics or case; None if none."""
    key = fold(text)
    for value, label in choices:
        if key in (fold(str(label)), fold(value)):
            return value
    return None


def _key(text: str) -> str:
    """Exact names compare with their spaces tidied and case ignored (not their diacritics: Đông ≠ Đồng)."""
    return " ".join(text.split()).casefold()


class UnitNames:
    """Units named in a file, by code or exact name, looked up in one query; `allowed` the importer may name."""

    def __init__(self, names: set[str], *, importer: User | None):
        names = {n for n in names if n}
        self.by_key: dict[str, list[Unit]] = {}
        if names:
            query = Q(code__in=names) | Q(name__in=names)
            for unit in Unit.objects.filter(query).only("id", "name", "code", "kind", "parent_id"):
                for key in {unit.code or "", _key(unit.name)} - {""}:
                    self.by_key.setdefault(key, []).append(unit)
        found = {unit.pk for units in self.by_key.values() for unit in units}
        scope = Unit.objects.all() if importer is None else manageable_units(importer)
        self.allowed = set(scope.filter(pk__in=found).values_list("pk", flat=True))

    def find(self, text: str) -> list[Unit]:
        by_code = self.by_key.get(text, [])
        by_code = [u for u in by_code if u.code == text]
        return by_code or [u for u in self.by_key.get(_key(text), []) if _key(u.name) == _key(text)]

    def resolve(self, row: ImportRow, column: str) -> Unit | None:
        """The one unit the row's `column` names, in the importer's jurisdiction; else an error of the row."""
        text = row.values[column]
        units = self.find(text)
        if not units:
            row.fail(column, _("không tìm thấy đơn vị «%(u)s» (ghi mã hoặc đúng tên đơn vị).") % {"u": text})
        elif len(units) > 1:
            row.fail(column, _("có nhiều đơn vị tên «%(u)s»: ghi mã đơn vị.") % {"u": text})
        elif units[0].pk not in self.allowed:
            row.fail(column, _("đơn vị «%(u)s» không thuộc phạm vi quản lý của bạn.") % {"u": units[0].name})
        else:
            return units[0]
        return None


@dataclass(frozen=True)
class Import:
    """One import: its name in URLs and the session, its title, its columns and its parse."""

    name: str
    title: str
    columns: Callable[[], list[Column]]
    parse: Callable  # (file, *, importer) -> (rows, file errors)
    #: The columns the preview shows of each row.
    shown: tuple[str, ...]

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns()]

    def template(self) -> bytes:
        return template_xlsx(title=str(self.title), columns=self.columns())


def _read(file, columns: list[Column]):
    return read_rows(
        file,
        columns=[c.name for c in columns],
        missing=lambda header: [c.name for c in columns if c.required and c.name not in header],
    )


def _finish(rows: list[ImportRow]) -> list[ImportRow]:
    for row in rows:
        if row.ok and not row.status:
            row.status = "new"
    return rows


# --- Units and collectives ------------------------------------------------------------------------------------
CODE, NAME, SHORT, KIND, PARENT, BOARD, REMOTE, FROM = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên ngắn",
    "Loại đơn vị",
    "Đơn vị cấp trên",
    "Ban Thi đua - Khen thưởng",
    "Vùng sâu, vùng xa",
    "Hoạt động từ",
)
COLLECTIVE_NAME = "Tên tập thể"
#: A name two rows of the file share: a row below must name its parent by code.
AMBIGUOUS = ImportRow(line=0, values={})
#: The kinds of unit a board's administrator sets up (provinces, central agencies and boards are the system's).
BOARD_UNIT_KINDS = (UnitKind.AGENCY, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.COLLECTIVE)


def _unit_kinds(importer: User | None) -> list[tuple[str, str]]:
    if importer is None or importer.is_system_admin:
        return list(UnitKind.choices)
    return [(k, label) for k, label in UnitKind.choices if k in BOARD_UNIT_KINDS]


def unit_columns() -> list[Column]:
    return [
        Column(CODE, False, _("Mã của đơn vị (duy nhất). Nên ghi: nhập lại tệp nhận ra đơn vị đã có."), "SNV"),
        Column(NAME, True, _("Tên chính thức."), "Sở Nội vụ tỉnh Lạng Sơn"),
        Column(SHORT, False, _("Tên ngắn, tối đa 100 ký tự."), "Sở Nội vụ"),
        Column(
            KIND,
            True,
            _("Một trong: %(kinds)s.") % {"kinds": _labels(UnitKind.choices)},
            str(UnitKind.AGENCY.label),
        ),
        Column(
            PARENT,
            True,
            _(
                "Mã hoặc đúng tên của đơn vị cấp trên, thuộc phạm vi quản lý của bạn; có thể là đơn vị ở một dòng "
                "phía trên của cùng tệp."
            ),
            "Tỉnh Lạng Sơn",
        ),
        Column(
            BOARD,
            False,
            _("Mã hoặc tên Ban Thi đua - Khen thưởng quản lý đơn vị; đơn vị cấp trên phải thuộc phạm vi của Ban."),
            "Ban Thi đua - Khen thưởng tỉnh Lạng Sơn",
        ),
        Column(REMOTE, False, _("Có hoặc Không (để trống: Không)."), "Không"),
        Column(FROM, False, _("Ngày bắt đầu hoạt động, ngày/tháng/năm."), "01/07/2025"),
    ]


def collective_columns() -> list[Column]:
    return [
        Column(CODE, False, _("Mã của tập thể (duy nhất), nếu có."), ""),
        Column(COLLECTIVE_NAME, True, _("Tên tập thể: phòng, tổ, đội…"), "Phòng Tổ chức cán bộ"),
        Column(SHORT, False, _("Tên ngắn, tối đa 100 ký tự."), "Phòng TCCB"),
        Column(
            PARENT,
            True,
            _(
                "Mã hoặc đúng tên của đơn vị có tập thể này, thuộc phạm vi quản lý của bạn; có thể là đơn vị ở một "
                "dòng phía trên."
            ),
            "Sở Nội vụ tỉnh Lạng Sơn",
        ),
    ]


def _parse_units(file, *, importer: User | None, collectives: bool):
    columns = collective_columns() if collectives else unit_columns()
    name_column = COLLECTIVE_NAME if collectives else NAME
    rows, file_errors = _read(file, columns)
    if file_errors:
        return [], file_errors
    for row in rows:  # the optional columns a file may leave out
        for column in (CODE, SHORT, KIND, PARENT, BOARD, REMOTE, FROM):
            row.values.setdefault(column, "")
            row.raw.setdefault(column, None)
    lookup = UnitNames({row.values[PARENT] for row in rows} | {row.values[BOARD] for row in rows}, importer=importer)
    kinds = _unit_kinds(importer)
    board = None if importer is None or importer.is_system_admin else importer.unit
    codes = {row.values[CODE] for row in rows if row.values[CODE]}
    taken = {unit.code: unit for unit in Unit.objects.filter(code__in=codes).only("id", "name", "code", "parent_id")}
    earlier: dict[str, ImportRow] = {}  # code and name key of rows above -> row (AMBIGUOUS: two rows of that name)
    seen: dict[tuple, ImportRow] = {}
    for row in rows:
        v = row.values
        check_required(row, [name_column, PARENT] if (board is not None or collectives) else [name_column])
        check_length(row, name_column, Unit._meta.get_field("name").max_length)
        check_length(row, SHORT, Unit._meta.get_field("short_name").max_length)
        check_length(row, CODE, Unit._meta.get_field("code").max_length)
        kind = UnitKind.COLLECTIVE.value if collectives else _choice(v[KIND], kinds)
        if kind is None:
            row.fail(
                KIND,
                _("«%(k)s» không phải loại đơn vị bạn được nhập; dùng: %(kinds)s.")
                % {"k": v[KIND], "kinds": _labels(kinds)},
            )
        remote = yes_no(v[REMOTE])
        if remote is None:
            row.fail(REMOTE, _("ghi Có hoặc Không."))
        active_from = None
        try:
            active_from = cell_date(row.raw[FROM])
        except ValueError:
            row.fail(FROM, _("«%(d)s» không đúng dạng ngày/tháng/năm.") % {"d": v[FROM]})
        except ValidationError as error:
            row.fail(FROM, " ".join(error.messages))
        parent, parent_id, parent_row = None, None, None
        if v[PARENT]:
            parent_row = earlier.get(v[PARENT]) or earlier.get(_key(v[PARENT]))  # a row above names it first
            if parent_row is AMBIGUOUS:
                row.fail(PARENT, _("có nhiều dòng phía trên tên «%(u)s»: ghi mã đơn vị.") % {"u": v[PARENT]})
            elif parent_row is not None and not parent_row.ok:
                row.fail(PARENT, _("đơn vị cấp trên ở dòng %(n)s có lỗi.") % {"n": parent_row.line})
            elif parent_row is not None and parent_row.unchanged:  # a unit of the file that is there already
                parent_id, parent_row = parent_row.data["existing"], None
            elif parent_row is None:
                parent = lookup.resolve(row, PARENT)
                parent_id = parent.pk if parent else None
        if v[BOARD] and not collectives:
            boards = [u for u in lookup.find(v[BOARD]) if u.kind in BOARD_KINDS]
            if len(boards) != 1:
                row.fail(BOARD, _("không tìm thấy Ban Thi đua - Khen thưởng «%(b)s».") % {"b": v[BOARD]})
            elif board is not None and boards[0].pk != board.pk:
                row.fail(BOARD, _("chỉ nhập được đơn vị của Ban mình (%(b)s).") % {"b": board.name})
            elif parent is not None and not units_in_jurisdiction(boards[0]).filter(pk=parent.pk).exists():
                row.fail(PARENT, _("«%(u)s» không thuộc phạm vi của %(b)s.") % {"u": parent.name, "b": boards[0].name})
        key = _key(v[name_column])
        if row.ok:
            existing = None
            if v[CODE] and v[CODE] in taken:
                existing = taken[v[CODE]]
                if _key(existing.name) != key or (parent_row is None and existing.parent_id != parent_id):
                    row.fail(CODE, _("mã «%(c)s» đã là của đơn vị «%(u)s».") % {"c": v[CODE], "u": existing.name})
            elif parent_row is None:
                same = Unit.objects.filter(name__iexact=" ".join(v[name_column].split()), parent_id=parent_id)
                existing = same.first()
                if existing is not None and v[CODE] and existing.code and existing.code != v[CODE]:
                    row.fail(CODE, _("đơn vị này đã có với mã «%(c)s».") % {"c": existing.code})
            if row.ok and existing is not None:
                row.status = "unchanged"
                row.data = {"line": row.line, "existing": existing.pk}
            elif row.ok:
                row.data = {
                    "line": row.line,
                    "kind": kind,
                    "name": " ".join(v[name_column].split()),
                    "short_name": v[SHORT],
                    "code": v[CODE] or None,
                    "parent_id": parent_id,
                    "parent_line": parent_row.line if parent_row is not None else None,
                    "is_remote": bool(remote),
                    "active_from": active_from.isoformat() if active_from else None,
                }
        marks = [(CODE, ("code", v[CODE]))] if v[CODE] else []
        marks += [(name_column, ("name", key, _key(v[PARENT])))] if key else []
        for column, mark in marks:  # the same unit twice in the file
            if mark in seen:
                row.fail(column, _("trùng với dòng %(n)s.") % {"n": seen[mark].line})
            else:
                seen[mark] = row
        for ref in (v[CODE], key):  # how rows below may name this one as their parent
            if ref:
                earlier[ref] = AMBIGUOUS if ref in earlier and earlier[ref] is not row else row
    return _finish(rows), []


def parse_units(file, *, importer: User | None = None):
    return _parse_units(file, importer=importer, collectives=False)


def parse_collectives(file, *, importer: User | None = None):
    return _parse_units(file, importer=importer, collectives=True)


# --- People ---------------------------------------------------------------------------------------------------
FULL_NAME, UNIT, POSITION, GENDER, BORN, CATEGORY, CITIZEN_ID, CIVIL_CODE, MINORITY = (
    "Họ và tên",
    "Đơn vị",
    "Chức vụ",
    "Giới tính",
    "Ngày sinh",
    "Đối tượng",
    "Số CCCD",
    "Mã số công chức, viên chức",
    "Người dân tộc thiểu số",
)


def people_columns() -> list[Column]:
    return [
        Column(
            FULL_NAME,
            True,
            _("Đầy đủ theo thứ tự họ, tên đệm, tên (Nguyễn Đình Đức)."),
            "Nguyễn Thị Hoa",
        ),
        Column(UNIT, True, _("Mã hoặc đúng tên đơn vị, thuộc phạm vi quản lý của bạn."), "Sở Nội vụ tỉnh Lạng Sơn"),
        Column(POSITION, False, _("Chức vụ."), "Phó Giám đốc"),
        Column(GENDER, False, _("Nam hoặc Nữ."), str(Gender.FEMALE.label)),
        Column(
            BORN,
            False,
            _("Ngày/tháng/năm (hoặc ô ngày của Excel); chỉ biết năm thì ghi năm, ví dụ 1980."),
            "15/03/1980",
        ),
        Column(
            CATEGORY,
            False,
            _("Một trong: %(c)s (để trống: %(d)s).")
            % {"c": _labels(PersonCategory.choices), "d": PersonCategory.OTHER.label},
            str(PersonCategory.LEADER.label),
        ),
        Column(
            CITIZEN_ID,
            False,
            _("12 chữ số, không bắt buộc; định dạng ô là Văn bản (Text) để giữ số 0 ở đầu."),
            "",
        ),
        Column(CIVIL_CODE, False, _("Không bắt buộc; duy nhất nếu có."), ""),
        Column(MINORITY, False, _("Có hoặc Không (để trống: Không)."), "Không"),
    ]


def _born(row: ImportRow) -> tuple:
    """(birth date, birth year) of the row's "Ngày sinh": a date, or a year alone."""
    value, text = row.raw[BORN], row.values[BORN]
    if text.isdigit() and len(text) == 4:
        year = int(text)
        if not 1900 <= year <= timezone.localdate().year:
            row.fail(BORN, _("năm sinh «%(y)s» không hợp lệ.") % {"y": text})
            return None, None
        return None, year
    try:
        day = cell_date(value)
    except ValueError:
        row.fail(BORN, _("«%(d)s» không đúng dạng ngày/tháng/năm.") % {"d": text})
        return None, None
    except ValidationError as error:
        row.fail(BORN, " ".join(error.messages))
        return None, None
    if day and day > timezone.localdate():
        row.fail(BORN, _("ngày sinh không được ở tương lai."))
        return None, None
    return day, day.year if day else None


def _citizen_id(row: ImportRow) -> str:
    text = row.values[CITIZEN_ID].replace(" ", "")
    if isinstance(row.raw[CITIZEN_ID], int | float) and text.isdigit():
        text = text.zfill(12)  # a number cell lost its leading zeros
    if text and not (len(text) == 12 and text.isdigit()):
        row.fail(CITIZEN_ID, _("số CCCD gồm đúng 12 chữ số."))
    return text


def parse_people(file, *, importer: User | None = None):
    columns = people_columns()
    rows, file_errors = _read(file, columns)
    if file_errors:
        return [], file_errors
    lookup = UnitNames({row.values.get(UNIT, "") for row in rows}, importer=importer)
    checked = []
    for row in rows:
        for column in (POSITION, GENDER, BORN, CATEGORY, CITIZEN_ID, CIVIL_CODE, MINORITY):
            row.values.setdefault(column, "")
            row.raw.setdefault(column, None)
        v = row.values
        check_required(row, [FULL_NAME, UNIT])
        check_length(row, FULL_NAME, Person._meta.get_field("full_name").max_length)
        check_length(row, POSITION, Person._meta.get_field("position").max_length)
        check_length(row, CIVIL_CODE, Person._meta.get_field("civil_servant_code").max_length)
        unit = lookup.resolve(row, UNIT) if v[UNIT] else None
        gender = _choice(v[GENDER], Gender.choices) if v[GENDER] else ""
        if gender is None:
            row.fail(GENDER, _("ghi Nam hoặc Nữ."))
        category = _choice(v[CATEGORY], PersonCategory.choices) if v[CATEGORY] else PersonCategory.OTHER.value
        if category is None:
            row.fail(CATEGORY, _("dùng một trong: %(c)s.") % {"c": _labels(PersonCategory.choices)})
        minority = yes_no(v[MINORITY])
        if minority is None:
            row.fail(MINORITY, _("ghi Có hoặc Không."))
        birth_date, birth_year = _born(row)
        citizen_id = _citizen_id(row)
        if row.ok:
            row.data = {
                "line": row.line,
                "unit_id": unit.pk,
                "full_name": normalize_name(v[FULL_NAME]),
                "position": v[POSITION],
                "gender": gender,
                "birth_date": birth_date.isoformat() if birth_date else None,
                "birth_year": birth_year,
                "category": category,
                "citizen_id": citizen_id,
                "civil_servant_code": v[CIVIL_CODE],
                "is_ethnic_minority": bool(minority),
            }
            checked.append(row)
    _people_duplicates(rows, checked)
    return _finish(rows), []


def person_key(*, full_name: str, unit_id: int, birth_date, birth_year) -> tuple:
    """Two rows of one human: the same name (without diacritics or case), unit and date (or year) of birth."""
    born = str(birth_date) if birth_date else (birth_year or "")
    return (fold(full_name), unit_id, str(born))


def _people_duplicates(rows: list[ImportRow], checked: list[ImportRow]) -> None:
    """Rows repeating an earlier row are errors; rows of people already in the system are unchanged; a CCCD or
    civil-servant code of someone else is an error."""
    units = {row.data["unit_id"] for row in checked}
    existing = {}
    for person in Person.objects.filter(unit_id__in=units).only(
        "id", "full_name", "unit_id", "birth_date", "birth_year"
    ):
        key = person_key(
            full_name=person.full_name,
            unit_id=person.unit_id,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
        )
        existing.setdefault(key, person.pk)
    ids = {row.data["citizen_id"] for row in checked if row.data["citizen_id"]}
    codes = {row.data["civil_servant_code"] for row in checked if row.data["civil_servant_code"]}
    id_holder = dict(Person.objects.filter(citizen_id__in=ids).values_list("citizen_id", "pk")) if ids else {}
    code_holder = (
        dict(Person.objects.filter(civil_servant_code__in=codes).values_list("civil_servant_code", "pk"))
        if codes
        else {}
    )
    seen: dict = {}
    for row in checked:
        data = row.data
        key = person_key(**{k: data[k] for k in ("full_name", "unit_id", "birth_date", "birth_year")})
        marks = [("person", key, FULL_NAME)]
        marks += [("id", data["citizen_id"], CITIZEN_ID)] if data["citizen_id"] else []
        marks += [("code", data["civil_servant_code"], CIVIL_CODE)] if data["civil_servant_code"] else []
        for kind, mark, column in marks:
            if (kind, mark) in seen:
                row.fail(column, _("trùng với dòng %(n)s.") % {"n": seen[(kind, mark)]})
            else:
                seen[(kind, mark)] = row.line
        if not row.ok:
            continue
        same = existing.get(key)
        for holder, column, value in (
            (id_holder.get(data["citizen_id"]), CITIZEN_ID, data["citizen_id"]),
            (code_holder.get(data["civil_servant_code"]), CIVIL_CODE, data["civil_servant_code"]),
        ):
            if holder is not None and holder != same:
                row.fail(column, _("«%(v)s» đã là của một người khác.") % {"v": value})
        if row.ok and same is not None:
            row.status = "unchanged"
            row.data = {"line": row.line, "existing": same}


# --- Accounts -------------------------------------------------------------------------------------------------
USERNAME_COLUMN, EMAIL, ROLE = "Tên đăng nhập", "E-mail", "Vai trò"


def account_columns() -> list[Column]:
    return [
        Column(
            USERNAME_COLUMN,
            True,
            _("Không dấu, không khoảng trắng: chữ, số và @ . + - _ (ví dụ lanhdao.snv)."),
            "lanhdao.snv",
        ),
        Column(FULL_NAME, True, _("Đầy đủ theo thứ tự họ, tên đệm, tên."), "Trần Văn Bình"),
        Column(
            EMAIL,
            True,
            _("Bắt buộc: lời mời đặt mật khẩu, ký giao ước và nhắc việc đều gửi tới địa chỉ này."),
            "binh.tv@langson.gov.vn",
        ),
        Column(UNIT, True, _("Mã hoặc đúng tên đơn vị, thuộc phạm vi quản lý của bạn."), "Sở Nội vụ tỉnh Lạng Sơn"),
        Column(
            ROLE,
            True,
            _("Một trong các vai trò bạn được cấp: %(r)s.")
            % {"r": _labels([(r, Role(r).label) for r in (Role.LEADER, Role.STAFF)])},
            str(Role.LEADER.label),
        ),
        Column(POSITION, False, _("Chức vụ."), "Giám đốc"),
    ]


def parse_accounts(file, *, importer: User | None = None):
    columns = account_columns()
    rows, file_errors = _read(file, columns)
    if file_errors:
        return [], file_errors
    lookup = UnitNames({row.values.get(UNIT, "") for row in rows}, importer=importer)
    roles = [(r, Role(r).label) for r in (assignable_roles(importer) if importer is not None else Role.values)]
    wanted = {row.values[USERNAME_COLUMN].lower() for row in rows} - {""}
    existing = (
        {
            user.username.lower(): user
            for user in User.objects.annotate(lower=Lower("username")).filter(lower__in=wanted)
        }
        if wanted
        else {}
    )
    seen_names: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        row.values.setdefault(POSITION, "")
        v = row.values
        check_required(row, [USERNAME_COLUMN, FULL_NAME, EMAIL, UNIT, ROLE])
        check_length(row, USERNAME_COLUMN, 150)
        check_length(row, FULL_NAME, User._meta.get_field("full_name").max_length)
        check_length(row, POSITION, User._meta.get_field("position").max_length)
        check_length(row, EMAIL, User._meta.get_field("email").max_length)
        if v[USERNAME_COLUMN]:
            try:
                USERNAME(v[USERNAME_COLUMN])
            except ValidationError as error:
                row.fail(USERNAME_COLUMN, " ".join(error.messages))
        if v[EMAIL]:
            try:
                validate_email(v[EMAIL])
            except ValidationError:
                row.fail(EMAIL, _("«%(e)s» không phải địa chỉ e-mail hợp lệ.") % {"e": v[EMAIL]})
        role = _choice(v[ROLE], roles) if v[ROLE] else None
        if v[ROLE] and role is None:
            row.fail(
                ROLE,
                _("bạn không được cấp vai trò «%(r)s»; dùng: %(roles)s.") % {"r": v[ROLE], "roles": _labels(roles)},
            )
        unit = lookup.resolve(row, UNIT) if v[UNIT] else None
        if unit is not None and role is not None:
            if role in BOARD_ROLES and unit.kind not in BOARD_KINDS:
                row.fail(ROLE, _("vai trò này chỉ dành cho tài khoản của Ban Thi đua - Khen thưởng."))
            elif role not in BOARD_ROLES and unit.kind in BOARD_KINDS:
                row.fail(UNIT, _("lãnh đạo và cán bộ thi đua phải thuộc một đơn vị, không phải Ban Thi đua."))
        for seen, column in ((seen_names, USERNAME_COLUMN), (seen_emails, EMAIL)):
            mark = v[column].casefold()
            if mark and mark in seen:
                row.fail(column, _("trùng với dòng %(n)s.") % {"n": seen[mark]})
            elif mark:
                seen[mark] = row.line
        if not row.ok:
            continue
        user = existing.get(v[USERNAME_COLUMN].lower())
        if user is not None:
            if user.unit_id == unit.pk and user.role == role and user.email.casefold() == v[EMAIL].casefold():
                row.status = "unchanged"
                row.data = {"line": row.line, "existing": user.pk}
            else:
                row.fail(USERNAME_COLUMN, _("tên đăng nhập «%(u)s» đã có người dùng.") % {"u": v[USERNAME_COLUMN]})
            continue
        row.data = {
            "line": row.line,
            "username": v[USERNAME_COLUMN],
            "full_name": normalize_name(v[FULL_NAME]),
            "email": v[EMAIL],
            "role": role,
            "unit_id": unit.pk,
            "position": v[POSITION],
        }
    return _finish(rows), []


# --- The imports, by name ---------------------------------------------------------------------------------------
IMPORTS: dict[str, Import] = {
    "units": Import(
        "units", gettext_lazy("Nhập đơn vị từ Excel"), unit_columns, parse_units, (CODE, NAME, KIND, PARENT)
    ),
    "collectives": Import(
        "collectives",
        gettext_lazy("Nhập tập thể từ Excel"),
        collective_columns,
        parse_collectives,
        (CODE, COLLECTIVE_NAME, PARENT),
    ),
    "people": Import(
        "people", gettext_lazy("Nhập cá nhân từ Excel"), people_columns, parse_people, (FULL_NAME, UNIT, POSITION, BORN)
    ),
    "accounts": Import(
        "accounts",
        gettext_lazy("Nhập tài khoản từ Excel"),
        account_columns,
        parse_accounts,
        (USERNAME_COLUMN, FULL_NAME, EMAIL, UNIT, ROLE),
    ),
}
