"""factory-boy factories for every model the tests build."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from clusters.models import (
    EmulationGroup,
    GroupKind,
    MemberRole,
    Membership,
    Person,
    PersonCategory,
    Role,
    Unit,
    UnitKind,
    User,
)

PASSWORD = "Mat-khau-thu-2024!"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.PROVINCE
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.replace("Tỉnh ", ""))


class BoardFactory(UnitFactory):
    kind = UnitKind.BOARD
    name = factory.Sequence(lambda n: f"Ban Thi đua - Khen thưởng số {n}")


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = EmulationGroup

    kind = GroupKind.CLUSTER
    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")
    organizer = factory.SubFactory(BoardFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2023
    role = MemberRole.MEMBER


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    category = PersonCategory.DIRECT_WORKER


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Thử {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    role = Role.STAFF
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF


class LeaderFactory(UserFactory):
    role = Role.LEADER
    position = "Chủ tịch UBND tỉnh"


class ReviewerFactory(UserFactory):
    role = Role.REVIEWER
    unit = factory.SubFactory(BoardFactory)


class BoardAdminFactory(UserFactory):
    """An administrator of a board: manages the accounts of its units' leaders and staff."""

    role = Role.BOARD_ADMIN
    unit = factory.SubFactory(BoardFactory)


class AdminFactory(UserFactory):
    role = Role.ADMIN
    unit = None
    is_staff = True
    is_superuser = True


def make_group_year(
    *, year: int = 2023, size: int = 3, group: EmulationGroup | None = None, organizer: Unit | None = None
):
    """A group with `size` member units in `year`: the first chairs, the second is vice-chair."""
    group = group or GroupFactory(**({"organizer": organizer} if organizer else {}))
    members = []
    for index in range(size):
        role = MemberRole.CHAIR if index == 0 else MemberRole.VICE_CHAIR if index == 1 else MemberRole.MEMBER
        members.append(MembershipFactory(group=group, year=year, role=role))
    return group, [m.unit for m in members]


# --- Awards (issue 5) ---------------------------------------------------------------------------
def award_type(code: str):
    """The catalogue entry `code` (the law's catalogue is loaded on first use)."""
    from awards.models import AwardType
    from awards.services.catalogue import ensure_catalogue

    if not AwardType.objects.filter(code=code).exists():
        ensure_catalogue()
    return AwardType.objects.get(code=code)


class AwardRecordFactory(DjangoModelFactory):
    class Meta:
        model = "awards.AwardRecord"

    award_type = factory.LazyFunction(lambda: award_type("LAO_DONG_TIEN_TIEN"))
    nominee_person = factory.SubFactory(PersonFactory)
    year = 2023
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_authority = "Chủ tịch UBND tỉnh"


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = "awards.Proposal"

    award_type = factory.LazyFunction(lambda: award_type("BANG_KHEN_CAP_TINH"))
    proposing_unit = factory.SubFactory(UnitFactory)
    nominee_person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..proposing_unit"))
    year = 2023
    kind = "annual"
    achievements = "Hoàn thành xuất sắc nhiệm vụ được giao."


def attach_dossier(*proposals):
    """The documents each proposal's award type requires before it goes up (`AwardType.required_documents`),
    as attachment rows (a name, no file content) for those its dossier lacks: the achievements report and the
    council's minutes."""
    from awards.models import ProposalAttachment

    for proposal in proposals:
        held = set(proposal.attachments.values_list("kind", flat=True))
        for kind in set(proposal.award_type.required_documents) - held:
            ProposalAttachment.objects.create(
                proposal=proposal, kind=kind, file=f"awards/thu/{proposal.pk}-{kind}.pdf",
                original_name=f"{kind}.pdf", content_type="application/pdf", size=4,
            )  # fmt: skip
    return proposals


# === Campaigns and pledges (issue 3) ============================================================
def _campaign_start():
    import datetime

    return datetime.date(2021, 7, 16)


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = "emulation.Campaign"

    title = factory.Sequence(lambda n: f"Phong trào thi đua thử nghiệm {n}")
    authority = "prime_minister"
    authority_name = "Thủ tướng Chính phủ"
    kind = "regular"
    start_date = factory.LazyFunction(_campaign_start)
    goals = "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội."


#: Two content items and a small scoring table, in the shape `pledge_create` takes.
SAMPLE_ITEMS = [
    {
        "title": "Tuyên truyền",
        "body": "Đẩy mạnh công tác tuyên truyền tư tưởng của Chủ tịch Hồ Chí Minh về thi đua yêu nước.",
        "targets": [{"indicator": "Số cuộc tuyên truyền", "unit_of_measure": "cuộc", "target_value": "12"}],
    },
    {
        "title": "Người tốt, việc tốt",
        "body": "Nhân rộng các mô hình hay, gương “Người tốt, việc tốt”; Đồng chí lãnh đạo đi trước.",
        "targets": [],
    },
]
SAMPLE_CRITERIA = [
    {"section": "I. Thực hiện nhiệm vụ chính trị", "code": "1.1", "title": "Tăng trưởng kinh tế", "max_points": 40},
    {"section": "I. Thực hiện nhiệm vụ chính trị", "code": "1.2", "title": "Thu ngân sách", "max_points": 30},
    {"section": "II. Công tác thi đua", "code": "2.1", "title": "Tổ chức phong trào", "max_points": 30},
    {
        "section": "III. Điểm thưởng, điểm trừ",
        "code": "3.1",
        "title": "Mô hình mới được nhân rộng",
        "max_points": 5,
        "kind": "bonus",
        "rule_text": "Cộng 1 điểm cho mỗi mô hình được Trung ương ghi nhận, tối đa 5 điểm.",
    },
    {
        "section": "III. Điểm thưởng, điểm trừ",
        "code": "3.2",
        "title": "Báo cáo chậm",
        "max_points": 5,
        "kind": "penalty",
        "rule_text": "Trừ 1 điểm cho mỗi báo cáo gửi chậm.",
    },
]


class PledgeFactory(DjangoModelFactory):
    """A draft pledge with no content; use `pledge_create` (or `make_pledge`) for a full one."""

    class Meta:
        model = "emulation.Pledge"

    group = factory.SubFactory(GroupFactory)
    year = 2023
    title = factory.LazyAttribute(lambda o: f"Giao ước thi đua năm {o.year} của {o.group.name}")
    preamble = "Các đơn vị thành viên thống nhất ký kết giao ước thi đua."


def leader_of(unit: Unit) -> User:
    """The unit's leader account (created on first use)."""
    leader = User.objects.filter(unit=unit, role=Role.LEADER, is_active=True).order_by("pk").first()
    return leader or LeaderFactory(unit=unit)


def make_pledge(group: EmulationGroup, year: int = 2023, *, items=None, criteria=None, **fields):
    """A draft pledge of `group` for `year` with the sample items and scoring table."""
    from emulation.services.pledges import pledge_create

    return pledge_create(
        actor=None,
        group=group,
        year=year,
        title=fields.pop("title", f"Giao ước thi đua năm {year} của {group.name}"),
        items=SAMPLE_ITEMS if items is None else items,
        criteria=SAMPLE_CRITERIA if criteria is None else criteria,
        **fields,
    )


def make_open_pledge(group: EmulationGroup, year: int = 2023, **kwargs):
    from emulation.services.signing import pledge_open_for_signing

    return pledge_open_for_signing(actor=None, pledge=make_pledge(group, year, **kwargs))


def sign_as(leader: User, pledge, **kwargs):
    from emulation.services.signing import pledge_sign

    pledge.refresh_from_db()
    return pledge_sign(actor=leader, pledge=pledge, version=pledge.version, password=PASSWORD, **kwargs)


def make_signed_pledge(group: EmulationGroup, year: int = 2023, **kwargs):
    """A pledge opened and signed by the leader of every member unit, the chair last: locked.

    The group must have members (and a chair) in `year`, e.g. from `make_group_year`.
    """
    pledge = make_open_pledge(group, year, **kwargs)
    members = list(Membership.objects.filter(group=group, year=year).select_related("unit"))
    members.sort(key=lambda m: m.role == MemberRole.CHAIR)
    for membership in members:
        sign_as(leader_of(membership.unit), pledge)
    pledge.refresh_from_db()
    return pledge


# === Year end: scoring, ballot, reports (issue 4) ==================================================
def staff_of(unit: Unit) -> User:
    """The unit's staff account (created on first use)."""
    staff = User.objects.filter(unit=unit, role=Role.STAFF, is_active=True).order_by("pk").first()
    return staff or StaffFactory(unit=unit)


def make_scoring_round(*, year: int = 2023, size: int = 3, group: EmulationGroup | None = None):
    """A group with `size` members (the first chairs), its signed pledge and an open scoring round.

    Returns (scoring_round, units)."""
    from emulation.services.scoring import scoring_open

    if group is None:
        group, units = make_group_year(year=year, size=size)
    else:
        units = [m.unit for m in Membership.objects.filter(group=group, year=year).order_by("pk")]
    make_signed_pledge(group, year)
    chair = Membership.objects.get(group=group, year=year, role=MemberRole.CHAIR).unit
    scoring_round = scoring_open(actor=staff_of(chair), group=group, year=year)
    return scoring_round, units


def score_unit(scoring_round, unit: Unit, points: dict[str, object], *, submit: bool = True):
    """Self-score `unit` ({criterion code: points}) and, by default, submit through its leader."""
    from emulation.models import SelfAssessment
    from emulation.services.scoring import assessment_submit, score_save

    assessment = SelfAssessment.objects.get(round=scoring_round, unit=unit)
    criteria = {c.code: c for c in scoring_round.pledge.criteria.all()}
    staff = staff_of(unit)
    for code, value in points.items():
        score_save(
            actor=staff, assessment=assessment, criterion=criteria[code], points=value, justification="Có số liệu"
        )
    if submit:
        assessment = assessment_submit(actor=leader_of(unit), assessment=assessment)
    return assessment


def make_award_world(year: int = 2023):
    """The northern border cluster organised by the central board, with Lạng Sơn (chair) and Hà Giang,
    the Lạng Sơn provincial board, and one account per role. Returns a SimpleNamespace."""
    from types import SimpleNamespace

    from awards.services.catalogue import ensure_catalogue

    ensure_catalogue()
    central = BoardFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương (thử)")
    lang_son = UnitFactory(name="Tỉnh Lạng Sơn (thử)", short_name="Lạng Sơn", is_remote=True)
    ha_giang = UnitFactory(name="Tỉnh Hà Giang (thử)", short_name="Hà Giang", is_remote=True)
    province_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Lạng Sơn (thử)", parent=lang_son)
    cluster = GroupFactory(name="Cụm thi đua các tỉnh miền núi biên giới phía Bắc (thử)", organizer=central)
    MembershipFactory(group=cluster, unit=lang_son, year=year, role=MemberRole.CHAIR)
    MembershipFactory(group=cluster, unit=ha_giang, year=year, role=MemberRole.MEMBER)
    return SimpleNamespace(
        year=year,
        central=central,
        lang_son=lang_son,
        ha_giang=ha_giang,
        province_board=province_board,
        cluster=cluster,
        staff=StaffFactory(unit=lang_son, username="canbo.ls"),
        leader=LeaderFactory(unit=lang_son, username="lanhdao.ls"),
        other_staff=StaffFactory(unit=ha_giang, username="canbo.hg"),
        other_leader=LeaderFactory(unit=ha_giang, username="lanhdao.hg"),
        reviewer=ReviewerFactory(unit=central, username="thamdinh.tw"),
        province_reviewer=ReviewerFactory(unit=province_board, username="thamdinh.ls"),
        admin=AdminFactory(username="quantri"),
    )


# --- The law as written (issue 21) ----------------------------------------------------------------------
def close_ballot_electing(group: EmulationGroup, year: int, leading: Unit, *, also: tuple[Unit, ...] = ()):
    """A closed year-end ballot of `group` for `year` whose leading-unit question elected `leading` (the other
    candidates, `also`, got fewer votes). Written directly: the ballot's own flow is tested in emulation."""
    import datetime

    from django.utils import timezone

    from emulation.models import Ballot, BallotQuestion, BallotResult, QuestionKind

    ballot = Ballot.objects.create(
        group=group, year=year, title=f"Bình xét {year}", eligible_count=1 + len(also), status="closed",
        closed_at=timezone.make_aware(datetime.datetime(year + 1, 3, 1, 9, 0)), votes_cast=1 + len(also),
    )  # fmt: skip
    question = BallotQuestion.objects.create(ballot=ballot, kind=QuestionKind.LEADING, title="Đơn vị dẫn đầu", order=1)
    results = [(leading, True), *((unit, False) for unit in also)]
    for position, (unit, elected) in enumerate(results, start=1):
        BallotResult.objects.create(
            question=question, unit=unit, votes=len(results) - position + 1, percent=50, position=position,
            elected=elected,
        )  # fmt: skip
    return ballot


def rate(person: Person, level: str, *years: int):
    """`person`'s yearly rating `level` for each of `years`, entered by their unit."""
    from awards.models import PerformanceRating

    for year in years:
        PerformanceRating.objects.update_or_create(
            person=person, year=year, defaults={"level": level, "unit_id": person.unit_id}
        )


# --- Excel imports (clusters/documents/imports.py) --------------------------------------------------------
def import_workbook(headers: list[str], rows: list[list], *, name: str = "nhap.xlsx"):
    """An uploaded .xlsx with `headers` on its first line and `rows` below, as a browser sends it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


#: The accounts import's columns, in the template's order.
ACCOUNT_IMPORT_HEADERS = ["Tên đăng nhập", "Họ và tên", "E-mail", "Đơn vị", "Vai trò", "Chức vụ"]


def accounts_workbook(accounts: list[dict], *, name: str = "tai-khoan.xlsx"):
    """An accounts import file: each of `accounts` a dict with username, full_name, email, unit (a Unit, its code
    or its name), role (a Role or its label; default Lãnh đạo đơn vị) and position. `.read()` gives its bytes
    (for a browser test: write them to a file and `set_input_files`)."""
    rows = []
    for account in accounts:
        unit = account["unit"]
        unit = unit.code or unit.name if isinstance(unit, Unit) else unit
        role = account.get("role", Role.LEADER)
        role = Role(role).label if role in Role.values else role
        rows.append(
            [account["username"], account["full_name"], account["email"], unit, str(role), account.get("position", "")]
        )
    return import_workbook(ACCOUNT_IMPORT_HEADERS, rows, name=name)


# --- The initiative register (issue 19 item 2; helper "initiatives") ---------------------------------------------
def make_initiative(*authors, scope: str = "province", day=None, unit: Unit | None = None, **fields):
    """A recognised initiative of `unit` (default: the first author's) whose authors are `authors` (people, or
    (person, share) pairs; shares split evenly when not given), recognised on `day` (default 15/11/2023) with
    `scope` ("co_so", "province", "national"). Written directly: the service is tested in test_initiatives."""
    import datetime

    from awards.models import Initiative, InitiativeAuthor

    pairs = [a if isinstance(a, tuple) else (a, None) for a in authors]
    unit = unit or pairs[0][0].unit
    initiative = Initiative.objects.create(
        unit=unit,
        title=fields.pop("title", f"Sáng kiến {Initiative.objects.count() + 1} của {unit.name}"),
        decision_number=fields.pop("decision_number", f"{Initiative.objects.count() + 1}/QĐ-HĐSK"),
        decision_date=day or datetime.date(2023, 11, 15),
        scope=scope,
        recognising_body_name=fields.pop("recognising_body_name", "Hội đồng sáng kiến tỉnh"),
        **fields,
    )
    for person, share in pairs:
        InitiativeAuthor.objects.create(initiative=initiative, person=person, share=share or 100 // len(pairs))
    return initiative


def link_initiatives(proposal, *initiatives):
    """The proposal cites `initiatives` (its nominee among their authors), and its eligibility is evaluated again."""
    from awards.models import ProposalInitiative
    from awards.services.proposals import refresh_eligibility

    for initiative in initiatives:
        ProposalInitiative.objects.get_or_create(proposal=proposal, initiative=initiative)
    return refresh_eligibility(proposal)


# === REST API (issue 20 item 1; api) ==============================================================
def service_token(*, role: str, unit: Unit | None, board: Unit, created_by: User | None = None) -> str:
    """A service account acting as `role` at `unit` and its API token (returned, as the page shows it once), owned by
    `board`. The app gives only a board's specialist or a unit's staff (`clusters.services.tokens.token_create`);
    this also makes the other roles' twins the authorization matrix authenticates with."""
    import secrets

    from clusters.models import ApiToken
    from clusters.selectors.tokens import key_hash

    key = "td_" + secrets.token_urlsafe(32)
    account = User(
        username=f"api.thu.{secrets.token_hex(6)}", full_name="Hệ thống tích hợp (thử)", role=role, unit=unit,
        email="tich-hop@example.vn", is_service=True, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN,
    )  # fmt: skip
    account.set_unusable_password()
    account.save()
    ApiToken.objects.create(
        board=board, account=account, name=f"LGSP thử {account.username}", prefix=key[:10], key_hash=key_hash(key),
        created_by=created_by or BoardAdminFactory(unit=board),
    )  # fmt: skip
    return key
