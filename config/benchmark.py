"""The key pages of every role, found in a database loaded by `manage.py generate_scale_data`.

Shared by `manage.py benchmark` (which drives them with wrk through gunicorn) and by
tests/cross/test_query_counts.py (which counts their queries at two sizes of the data set).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count, Q
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.urls import reverse
from django.utils.crypto import get_random_string

from awards.models import Proposal, ProposalStatus
from awards.selectors.workflow import reviewer_scope
from clusters.models import EmulationGroup, MemberRole, Membership, Role, Unit, User
from clusters.scale import CENTRAL_BOARD, LAST_YEAR
from emulation.models import Pledge, PledgeStatus

#: The year whose cycle is complete in the data set (signed pledge, closed scoring).
CLOSED_YEAR = LAST_YEAR - 1
SEARCH = "nguyen van"


@dataclass
class Page:
    name: str
    role: str
    username: str
    path: str


def largest_group(year: int = CLOSED_YEAR) -> EmulationGroup:
    """The cluster or bloc with the most members that year among those with a signed pledge (ties: lowest id)."""
    return (
        EmulationGroup.objects.filter(pledges__year=year, pledges__status=PledgeStatus.SIGNED)
        .annotate(n=Count("memberships", filter=Q(memberships__year=year)))
        .order_by("-n", "pk")
        .first()
    )


def central_board() -> Unit:
    return Unit.objects.get(name=CENTRAL_BOARD)


def _user(role: str, unit_id: int | None) -> User:
    users = User.objects.filter(role=role, is_active=True, username__startswith="sd.")
    if unit_id is not None:
        users = users.filter(unit_id=unit_id)
    return users.order_by("pk").first()


def key_pages() -> list[Page]:
    """Dashboards of the four roles and the pages each one works with, on the largest group; the accounts list of
    the administrator of the board that organises it."""
    group = largest_group()
    chair = Membership.objects.get(group=group, year=CLOSED_YEAR, role=MemberRole.CHAIR)
    staff = _user(Role.STAFF, chair.unit_id)
    leader = _user(Role.LEADER, chair.unit_id)
    board = central_board()
    reviewer = _user(Role.REVIEWER, board.pk)
    board_admin = _user(Role.BOARD_ADMIN, group.organizer_id)  # the board that organises the group
    admin = User.objects.get(username="sd.admin")
    pledge = Pledge.objects.get(group=group, year=CLOSED_YEAR)
    in_scope = Proposal.objects.filter(reviewer_scope(reviewer)).order_by("pk")
    proposal = in_scope.filter(status=ProposalStatus.SUBMITTED).first() or in_scope.first()
    proposal_viewer = reviewer
    if proposal is None:  # a tiny data set may have nothing in the central board's scope
        proposal, proposal_viewer = Proposal.objects.order_by("pk").first(), admin
    args = [group.pk, CLOSED_YEAR]
    return [
        Page("dashboard (staff)", Role.STAFF, staff.username, reverse("dashboard")),
        Page("dashboard (leader)", Role.LEADER, leader.username, reverse("dashboard")),
        Page("dashboard (reviewer)", Role.REVIEWER, reviewer.username, reverse("dashboard")),
        Page("dashboard (admin)", Role.ADMIN, admin.username, reverse("dashboard")),
        Page("cluster list", Role.STAFF, staff.username, reverse("clusters:group_list")),
        Page("cluster detail", Role.STAFF, staff.username, reverse("clusters:group_year", args=args)),
        Page("pledge page", Role.LEADER, leader.username, reverse("pledges:detail", args=[pledge.pk])),
        Page("scoring table", Role.STAFF, staff.username, reverse("yearend:scoring", args=args)),
        Page("proposal queue", Role.REVIEWER, reviewer.username, reverse("awards:review_queue")),
        Page(
            "proposal detail",
            proposal_viewer.role,
            proposal_viewer.username,
            reverse("awards:proposal_detail", args=[proposal.pk]),
        ),
        Page(
            "award-history search",
            Role.REVIEWER,
            reviewer.username,
            reverse("awards:record_list") + "?q=" + SEARCH.replace(" ", "+"),
        ),
        Page("report page", Role.STAFF, staff.username, reverse("yearend:reports", args=args)),
        Page("account list", Role.BOARD_ADMIN, board_admin.username, reverse("clusters:account_list")),
    ]


def session_cookie(username: str) -> str:
    """A logged-in session for `username` in the configured session store: "name=key" for a Cookie header."""
    user = User.objects.get(username=username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    # and the CSRF cookie a browser holds from the login page on (its secret: 32 letters and digits)
    csrf = get_random_string(CSRF_SECRET_LENGTH)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def api_authorization(username: str) -> str:
    """For the REST API's routes: a service account acting as `username` (the same role and unit, so the same
    scope) and its token, as an Authorization header's value. Written like the sessions above: the benchmark's own
    accounts, in the database it measures."""
    import secrets

    from clusters.models import ApiToken
    from clusters.selectors.tokens import key_hash

    user = User.objects.get(username=username)
    key = "td_" + secrets.token_urlsafe(32)
    twin = User(
        username=f"api.bench.{user.pk}.{secrets.token_hex(4)}",
        full_name=f"API {user.full_name}"[:150],
        email=user.email or "api.bench@example.vn",
        role=user.role,
        unit=user.unit,
        is_service=True,
        is_staff=user.is_staff,
        is_superuser=user.is_superuser,
    )
    twin.set_unusable_password()
    twin.save()
    ApiToken.objects.create(
        board=central_board(),
        account=twin,
        name=twin.username,
        prefix=key[:10],
        key_hash=key_hash(key),
        created_by=user,
    )
    return f"Bearer {key}"


# === Every GET page of the URL conf (issue 16 items 1 and 4) ======================================================
#
# `ROUTES` has one entry per GET page: who may open it (the tokens of the authorization matrix,
# tests/cross/test_authorization_matrix.py, mapped to the scale data's accounts below), the object it is opened on
# (found in the scale data, in the scope of that account) and the parameters a user sends (the first page, a deep
# page, the common searches and each filter). `NOT_MEASURED` lists the routes that are not pages, with the reason.
# tests/config/test_benchmark_plan.py fails for a route of the URL conf in neither, and for roles that differ from
# the matrix's.

DEEP_PAGE = "999999"  # Paginator.get_page answers an out-of-range number with the last page: the deepest one
SEARCHES = ("nguyen", "nguyen van")

#: The benchmark's accounts: the chair unit of the largest group (its staff and its leader), the reviewer of the
#: board that organises that group, the administrator of the board whose province holds the chair unit, the system
#: administrator; "anonymous" for public pages.
BENCH_ROLES = ("anonymous", Role.STAFF, Role.LEADER, Role.REVIEWER, Role.BOARD_ADMIN, Role.ADMIN)
#: The matrix's tokens, as the benchmark's roles (its staff and leader belong to the chair unit, which is a member,
#: the owner of its own unit, people, proposals and self-assessment, and the chair).
TOKENS = {
    "user": (Role.STAFF, Role.LEADER, Role.REVIEWER, Role.BOARD_ADMIN, Role.ADMIN),
    "admin": (Role.ADMIN,),
    "reviewer": (Role.REVIEWER,),
    "unit_user": (Role.STAFF, Role.LEADER),
    "leader": (Role.LEADER,),
    "owner": (Role.STAFF, Role.LEADER),
    "owner_leader": (Role.LEADER,),
    "member": (Role.STAFF, Role.LEADER),
    "member_leader": (Role.LEADER,),
    "chair": (Role.STAFF, Role.LEADER),
    "organiser": (Role.REVIEWER,),
    "board_admin": (Role.BOARD_ADMIN,),
    "public": ("anonymous",),
}


@dataclass(frozen=True)
class Route:
    """A GET page: `allow` (matrix tokens), `kwargs(ctx)` its object's URL kwargs (None: the data set holds no such
    object, the entry is reported as skipped), `queries(ctx, role)` the (label, query string) variants,
    `admin` the Django admin changelist of the same model (list pages), `ok` the statuses of a working page."""

    allow: str
    kwargs: Callable | None = None
    queries: Callable | None = None
    admin: str = ""
    ok: tuple[int, ...] = (200,)
    needs: str = ""  # what the object is, for the "skipped" line
    current: bool = False  # an object of the current year: its staff and leader are those of that year's chair

    def roles(self) -> tuple[str, ...]:
        found: list[str] = []
        for token in self.allow.split(","):
            found += [role for role in TOKENS[token.strip()] if role not in found]
        return tuple(role for role in BENCH_ROLES if role in found)


@dataclass
class Entry:
    route: str
    role: str
    label: str  # the parameters, in words
    username: str
    path: str
    ok: tuple[int, ...] = (200,)
    admin: str = ""  # "app_label.model_name" of the admin changelist compared with this page
    skipped: str = ""  # why it is not measured (no object of the kind in the data set)

    @property
    def api(self) -> bool:
        """A route of the REST API: requested with a service account's token (`api_authorization`), no session."""
        return self.route.startswith("api:")


def _unaccented(text: str) -> str:
    import unicodedata

    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _picker_searches(ctx, role) -> list[tuple[str, str]]:
    """The pickers' search endpoint (clusters.pickers): every unit's name, and the people of the chair unit."""
    from clusters.pickers import sign

    units, people = sign("units.all", {}), sign("nominees.people", {"unit": ctx.chair_unit.pk})
    return [
        ('units "so noi vu"', _q(spec=units, q="so noi vu")),
        (f'people "{SEARCH}"', _q(spec=people, q=SEARCH)),
    ]


def _q(**params) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode({k: v for k, v in params.items() if v is not None})


def _first(ctx, role) -> list[tuple[str, str]]:
    return [("first page", "")]


def _list(*filters: Callable, search: bool = True, deep: bool = True, extra_searches: Callable | None = None):
    """The variants of a list page: the first page, a deep page, the common searches, each filter."""

    def queries(ctx, role) -> list[tuple[str, str]]:
        found = [("first page", "")]
        if deep:
            found.append(("deep page", _q(page=DEEP_PAGE)))
        if search:
            found += [(f'search "{s}"', _q(q=s)) for s in SEARCHES]
            if extra_searches:
                found += [(f'search "{s}"', _q(q=s)) for s in extra_searches(ctx)]
        for make in filters:
            label, params = make(ctx, role)
            if params is not None:
                found.append((f"filter {label}", _q(**params)))
        return found

    return queries


def _f(label: str, **params):
    return lambda ctx, role: (label, {k: (v(ctx) if callable(v) else v) for k, v in params.items()})


def _unit_name_search(ctx) -> list[str]:
    """A unit's name without diacritics, as typed on a phone: the chair unit's."""
    return [_unaccented(ctx.chair_unit.name)]


class Context:
    """The objects of the scale data the pages are opened on, each in the scope of its account."""

    def __init__(self):
        from clusters.models import Person
        from clusters.selectors.accounts import manageable_units

        self.year = CLOSED_YEAR
        self.group = largest_group()
        chair = Membership.objects.get(group=self.group, year=CLOSED_YEAR, role=MemberRole.CHAIR)
        self.chair_unit = chair.unit
        self.staff = _user(Role.STAFF, chair.unit_id)
        self.leader = _user(Role.LEADER, chair.unit_id)
        self.reviewer = _user(Role.REVIEWER, self.group.organizer_id) or _user(Role.REVIEWER, central_board().pk)
        self.admin = User.objects.get(username="sd.admin")
        self.board_admin = None
        for candidate in User.objects.filter(role=Role.BOARD_ADMIN, is_active=True, username__startswith="sd."):
            if manageable_units(candidate).filter(pk=chair.unit_id).exists():
                self.board_admin = candidate
                break
        self.board_admin = self.board_admin or _user(Role.BOARD_ADMIN, self.group.organizer_id)
        self.users = {
            "anonymous": None,
            Role.STAFF: self.staff,
            Role.LEADER: self.leader,
            Role.REVIEWER: self.reviewer,
            Role.BOARD_ADMIN: self.board_admin,
            Role.ADMIN: self.admin,
        }
        # the current year's chair (the open pledge, the open scoring round): chair terms change hands
        current = Membership.objects.filter(group=self.group, year=LAST_YEAR, role=MemberRole.CHAIR).first()
        current_unit = current.unit_id if current else chair.unit_id
        self.current_users = {
            **self.users,
            Role.STAFF: _user(Role.STAFF, current_unit),
            Role.LEADER: _user(Role.LEADER, current_unit),
        }
        self.person = Person.objects.filter(unit=self.chair_unit).order_by("pk").first()
        self.province = self.chair_unit.parent_id
        self.organizer = self.group.organizer

    # --- objects found on demand (None when the data set holds none) ---------------------------------------
    def pledge(self, **filters):
        return Pledge.objects.filter(group=self.group, **filters).order_by("-year").first()

    def proposal(self, **filters):
        return Proposal.objects.filter(proposing_unit=self.chair_unit, **filters).order_by("pk").first()

    def reviewed_proposal(self):
        """A proposal of the chair unit that its staff, the organising board's reviewer and the admin all read:
        sent (not a draft) and in the reviewer's scope; any of the unit's if there is none."""
        sent = Proposal.objects.filter(reviewer_scope(self.reviewer), proposing_unit=self.chair_unit)
        return sent.exclude(status=ProposalStatus.DRAFT).order_by("pk").first() or self.proposal()


def _pk(obj) -> dict | None:
    return {"pk": obj.pk} if obj is not None else None


def _gy(ctx) -> dict:
    return {"pk": ctx.group.pk, "year": ctx.year}


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _signed(ctx):
    return _pk(ctx.pledge(status=PledgeStatus.SIGNED, year=ctx.year))


def _draft(ctx):
    return _pk(ctx.pledge(status=PledgeStatus.DRAFT))


def _open(ctx):
    return _pk(ctx.pledge(status=PledgeStatus.OPEN))


def _draft_child(relation: str, key: str):
    def kwargs(ctx):
        pledge = ctx.pledge(status=PledgeStatus.DRAFT)
        child = getattr(pledge, relation).order_by("pk").first() if pledge else None
        return {"pk": pledge.pk, key: child.pk} if child else None

    return kwargs


def _new_year(ctx):
    """A year the largest group has members and no pledge (the scale data's first year of archive memberships)."""
    years = set(Membership.objects.filter(group=ctx.group).values_list("year", flat=True))
    years -= set(Pledge.objects.filter(group=ctx.group).values_list("year", flat=True))
    return {"group_pk": ctx.group.pk, "year": max(years)} if years else None


def _round(ctx, **filters):
    return _model("emulation.ScoringRound").objects.filter(group=ctx.group, **filters).order_by("-year").first()


def _scoring_close(ctx):
    scoring_round = _round(ctx, status="open")
    return {"pk": ctx.group.pk, "year": scoring_round.year} if scoring_round else None


def _assessment(ctx):
    assessment = (
        _model("emulation.SelfAssessment")
        .objects.filter(round__group=ctx.group, round__year=ctx.year, unit=ctx.chair_unit)
        .first()
    )
    return _pk(assessment)


def _ballot(ctx, **filters):
    return _pk(_model("emulation.Ballot").objects.filter(group=ctx.group, **filters).order_by("-year").first())


def _report(ctx, **filters):
    reports = _model("emulation.Report").objects.filter(**filters)
    return _pk(reports.order_by("-is_current", "-year", "-version").first())


def _campaign(ctx, mine: bool = False):
    campaigns = _model("emulation.Campaign").objects.order_by("pk")
    return _pk(campaigns.filter(created_by__unit=ctx.organizer).first() if mine else campaigns.first())


def _record(ctx):
    from awards.models import AwardRecord

    records = AwardRecord.objects.filter(nominee_person__unit=ctx.chair_unit, award_type__has_certificate=True)
    return _pk(records.order_by("pk").first())


def _decision(ctx, role) -> list[tuple[str, str]]:
    from awards.models import AwardRecord

    record = AwardRecord.objects.filter(nominee_person__unit=ctx.chair_unit).exclude(decision_number="").first()
    return [("a decision of the unit", _q(number=record.decision_number))] if record else []


def _export(ctx):
    return _pk(_model("awards.RecordExport").objects.filter(requested_by=ctx.reviewer).order_by("-pk").first())


def _webhook(ctx):
    """A receiver of the board the benchmark's board administrator manages."""
    receivers = _model("clusters.WebhookReceiver").objects.filter(board_id=ctx.board_admin.unit_id)
    return _pk(receivers.order_by("pk").first())


def _council(ctx):
    return _pk(_model("awards.Council").objects.filter(board=ctx.organizer).order_by("-pk").first())


def _session(ctx, **filters):
    sessions = _model("awards.CouncilSession").objects.filter(council__board=ctx.organizer, **filters)
    return _pk(sessions.order_by("-pk").first())


def _decision_of_board(ctx, **filters):
    decisions = _model("awards.Decision").objects.filter(authority=ctx.organizer, **filters)
    return _pk(decisions.order_by("-pk").first())


def _public_decision(ctx):
    decision = _model("awards.Decision").objects.filter(status="issued").order_by("-pk").first()
    return {"code": decision.public_code} if decision else None


def _revocable_record(ctx):
    records = _model("awards.AwardRecord").objects.filter(register_authority=ctx.organizer)
    return _pk(records.order_by("-pk").first())


def _submission(ctx):
    return _pk(_model("awards.Submission").objects.filter(proposing_unit=ctx.chair_unit).order_by("-pk").first())


def _registration(ctx):
    registrations = _model("awards.Registration").objects.filter(unit=ctx.chair_unit)
    return _pk(registrations.order_by("-year", "-pk").first())


def _initiative(ctx):
    """An initiative of the chair unit (issue 19 item 2; `add_missing` enters one when the data set has none)."""
    return _pk(_model("awards.Initiative").objects.filter(unit=ctx.chair_unit).order_by("pk").first())


def _award_round(ctx_):
    return _pk(_model("awards.AwardRound").objects.filter(board=ctx_.organizer).order_by("-pk").first())


def _dispatch(ctx):
    return _pk(_model("awards.Dispatch").objects.filter(sender=ctx.organizer).order_by("-pk").first())


def _blank(ctx):
    return _pk(_model("awards.Blank").objects.filter(board=ctx.organizer).order_by("pk").first())


def _account(ctx):
    return _pk(ctx.leader)


def _unit_detail(ctx, role):
    return [("first page", ""), ("its people: deep page", _q(page=DEEP_PAGE)), ('its people: "nguyen"', _q(q="nguyen"))]


def _group_year(ctx, role):
    return [
        ("first page", ""),
        ("an earlier year", reverse("clusters:group_year", kwargs={"pk": ctx.group.pk, "year": ctx.year - 5})),
    ]


def _rating_index(ctx, role):
    if role in (Role.STAFF, Role.LEADER):
        return [("first page", "")]  # sent on to the unit's own page
    return [("first page", ""), ("a unit and year", _q(unit=ctx.chair_unit.pk, year=ctx.year))]


def _fairness(ctx, role):
    return [("first page", ""), ("another year", _q(year=ctx.year - 1))]


# --- stats: the statutory statistics and the register of TĐKT bodies and staff of the organising board -----------
def _stat_run(ctx):
    runs = _model("emulation.StatRun").objects.filter(sheet__board=ctx.organizer)
    return _pk(runs.order_by("-requested_at", "-pk").first())


def _stat_sheet(ctx):
    return _pk(_model("emulation.StatSheet").objects.filter(board=ctx.organizer).order_by("-year", "pk").first())


def _tdkt_body(ctx):
    from clusters.selectors.tdkt import body_list

    return _pk(body_list(board=ctx.organizer).first())


def _tdkt_staff(ctx):
    from clusters.selectors.tdkt import staff_list

    return _pk(staff_list(board=ctx.organizer).first())


def _tdkt_register(ctx, role):
    return [("first page", ""), ("deep page", _q(page=DEEP_PAGE)), *[(f'"{q}"', _q(q=q)) for q in SEARCHES]]


# --- kinds (issue 19 items 1 and 4) --------------------------------------------------------------------------
def _dossier(ctx, *, open_only: bool = False):
    """A dossier of the chair unit with a line the organiser's reviewer reviews; for the page that adds lines, one
    not sent up yet (every line a draft without a submission)."""
    from django.db.models import Exists, OuterRef, Q

    from awards.models import Dossier
    from awards.selectors.workflow import reviewer_scope

    dossiers = Dossier.objects.filter(proposing_unit=ctx.chair_unit)
    if open_only:
        sent = Proposal.objects.filter(dossier=OuterRef("pk")).filter(~Q(status="draft") | Q(submission__isnull=False))
        dossiers = dossiers.filter(~Exists(sent))
    dossiers = dossiers.filter(Exists(Proposal.objects.filter(reviewer_scope(ctx.reviewer), dossier=OuterRef("pk"))))
    return _pk(dossiers.order_by("pk").first())


# fmt: off
#: Every GET page of the URL conf: who opens it (as in the matrix), on which object, with which parameters.
ROUTES: dict[str, Route] = {
    # --- project -----------------------------------------------------------------------------------------
    "dashboard": Route("user"),
    "health": Route("public"),
    "login": Route("public"),
    "password_change": Route("user"),
    "password_change_done": Route("user"),
    "password_reset_confirm": Route("public", lambda ctx: {"uidb64": "MA", "token": "het-han"}),
    "password_reset_complete": Route("public"),
    # --- organisation ------------------------------------------------------------------------------------
    "clusters:group_list": Route("user", queries=_list(
        _f("year", year=CLOSED_YEAR), _f("kind", kind="cluster"), extra_searches=lambda ctx: ["cum thi dua"],
    ), admin="clusters.emulationgroup"),
    "clusters:group_create": Route("reviewer,admin"),
    "clusters:group_detail": Route("user", lambda ctx: {"pk": ctx.group.pk}),
    "clusters:group_year": Route("user", _gy, _group_year),
    "clusters:group_update": Route("organiser,admin", lambda ctx: {"pk": ctx.group.pk}),
    "clusters:group_members": Route("organiser,admin", _gy, lambda ctx, role: [
        ("first page", ""), ('search "nguyen"', _q(q="nguyen")),
    ]),
    "clusters:unit_list": Route("user", queries=_list(
        _f("kind", kind="agency"), _f("parent", parent=lambda ctx: ctx.province), extra_searches=_unit_name_search,
    ), admin="clusters.unit"),
    "clusters:unit_create": Route("admin"),
    "clusters:picker_search": Route("user", queries=_picker_searches),
    "clusters:unit_detail": Route("user", lambda ctx: {"pk": ctx.chair_unit.pk}, _unit_detail),
    "clusters:unit_update": Route("owner,admin", lambda ctx: {"pk": ctx.chair_unit.pk}),
    "clusters:person_create": Route("owner,admin", lambda ctx: {"pk": ctx.chair_unit.pk}),
    "clusters:person_list": Route("user", queries=_list(), admin="clusters.person"),
    "clusters:person_detail": Route("owner,organiser,admin", lambda ctx: _pk(ctx.person)),
    "clusters:person_update": Route("owner,admin", lambda ctx: _pk(ctx.person)),
    "clusters:account_list": Route("board_admin,admin", queries=_list(
        _f("unit", unit=lambda ctx: ctx.chair_unit.pk), _f("role", role=Role.STAFF), _f("active", active="1"),
        _f("locked", locked="on"),
    ), admin="clusters.user"),
    "clusters:account_create": Route("board_admin,admin"),
    "clusters:account_detail": Route("board_admin,admin", _account),
    "clusters:account_update": Route("board_admin,admin", _account),
    **{
        f"clusters:import_{kind}{step}": Route("board_admin,admin")
        for kind in ("units", "collectives", "people", "accounts")
        for step in ("", "_template")
    },
    "clusters:webhook_list": Route("board_admin,admin"),
    "clusters:webhook_create": Route("board_admin,admin"),
    "clusters:webhook_detail": Route("board_admin,admin", _webhook, needs="a webhook receiver of the board"),
    "clusters:webhook_update": Route("board_admin,admin", _webhook, needs="a webhook receiver of the board"),
    # --- campaigns ---------------------------------------------------------------------------------------
    "campaigns:list": Route("user", queries=_list(
        _f("authority", authority="provincial_chairman"), _f("year", year=CLOSED_YEAR), _f("kind", kind="thematic"),
    ), admin="emulation.campaign"),
    "campaigns:create": Route("reviewer,admin"),
    "campaigns:detail": Route("user", _campaign, needs="a campaign"),
    "campaigns:update": Route("organiser,admin", lambda ctx: _campaign(ctx, mine=True),
                              needs="a campaign of the organising board"),
    # --- pledges -----------------------------------------------------------------------------------------
    "pledges:list": Route("user", queries=_list(
        _f("year", year=CLOSED_YEAR), _f("status", status=PledgeStatus.SIGNED),
        extra_searches=lambda ctx: ["cum thi dua"],
    ), admin="emulation.pledge"),
    "yearend:overview": Route("user", queries=_list(_f("year", year=CLOSED_YEAR), deep=False)),
    "pledges:group_year": Route("user", lambda ctx: {"group_pk": ctx.group.pk, "year": ctx.year}, ok=(302,)),
    "pledges:create": Route("chair,organiser,admin", _new_year, needs="a year with members and no pledge"),
    "pledges:verify": Route("public", lambda ctx: (
        {"code": ctx.pledge(status=PledgeStatus.SIGNED).verification_code}
        if ctx.pledge(status=PledgeStatus.SIGNED) else None
    ), needs="a signed pledge"),
    "pledges:detail": Route("member,organiser,admin", _signed, needs="a signed pledge"),
    "pledges:update": Route("chair,organiser,admin", _draft, needs="a draft pledge"),
    "pledges:item_add": Route("chair,organiser,admin", _draft, needs="a draft pledge"),
    "pledges:item_update": Route("chair,organiser,admin", _draft_child("items", "item_pk"), needs="a draft pledge"),
    "pledges:criterion_add": Route("chair,organiser,admin", _draft, needs="a draft pledge"),
    "pledges:criterion_update": Route("chair,organiser,admin", _draft_child("criteria", "criterion_pk"),
                                      needs="a draft pledge"),
    "pledges:amend": Route("chair,organiser,admin", _open, current=True, needs="an open pledge"),
    "pledges:sign": Route("member_leader", _open, current=True, needs="an open pledge"),
    "pledges:paper_sign": Route("chair", _open, current=True, needs="an open pledge"),
    "pledges:print": Route("member,organiser,admin", _signed, needs="a signed pledge"),
    "pledges:pdf": Route("member,organiser,admin", _signed, needs="a signed pledge"),
    "pledges:signed_copy_add": Route("chair,organiser,admin", _signed, needs="a signed pledge"),
    "pledges:pdf_check": Route("public", lambda ctx: (
        {"code": ctx.pledge(status=PledgeStatus.SIGNED).verification_code}
        if ctx.pledge(status=PledgeStatus.SIGNED) else None
    ), needs="a signed pledge"),
    # --- year end ----------------------------------------------------------------------------------------
    "yearend:scoring": Route("member,organiser,admin", _gy),
    "yearend:scoring_close": Route("chair,admin", _scoring_close, current=True, needs="an open scoring round"),
    "yearend:ranking": Route("organiser,admin", _gy),
    "yearend:assessment": Route("owner,chair,organiser,admin", _assessment, needs="the chair unit's self-assessment"),
    "yearend:ballot": Route("member,organiser,admin", _gy),
    "yearend:ballot_close": Route("chair,admin", lambda ctx: _ballot(ctx, status="open"), current=True,
                                  needs="an open ballot"),
    "yearend:reports": Route("chair,organiser,admin", _gy),
    "yearend:rollup_reports": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk, "year": ctx.year}),
    "yearend:report": Route("member,organiser,admin", lambda ctx: _report(ctx, group=ctx.group),
                            needs="a report of the group"),
    "yearend:report_progress": Route("member,organiser,admin", lambda ctx: _report(ctx, group=ctx.group),
                                     needs="a report of the group"),
    # --- awards ------------------------------------------------------------------------------------------
    "awards:proposal_list": Route("user", queries=_list(
        _f("year", year=CLOSED_YEAR), _f("kind", kind="annual"), _f("status", status=ProposalStatus.SUBMITTED),
        _f("unit", unit=lambda ctx: ctx.chair_unit.pk), _f("group", group=lambda ctx: ctx.group.pk),
        extra_searches=_unit_name_search,
    ), admin="awards.proposal"),
    "awards:proposal_create": Route("unit_user"),
    "awards:submission_create": Route("leader"),
    "awards:review_queue": Route("reviewer,admin", queries=_list(
        _f("year", year=CLOSED_YEAR), _f("kind", kind="annual"), _f("status", status=ProposalStatus.UNDER_REVIEW),
        _f("unit", unit=lambda ctx: ctx.chair_unit.pk), _f("group", group=lambda ctx: ctx.group.pk),
        _f("late", late="on"), extra_searches=_unit_name_search,
    ), admin="awards.proposal"),
    "awards:fairness": Route("reviewer,admin", queries=_fairness),
    "awards:proposal_detail": Route("owner,organiser,admin", lambda ctx: _pk(ctx.reviewed_proposal()),
                                    needs="a proposal"),
    "awards:proposal_update": Route("owner,admin", lambda ctx: _pk(ctx.proposal(status=ProposalStatus.DRAFT)),
                                    needs="a draft proposal of the chair unit"),
    "awards:record_list": Route("user", queries=_list(
        _f("year", year=CLOSED_YEAR), extra_searches=_unit_name_search,
    ), admin="awards.awardrecord"),
    "awards:record_import": Route("reviewer,admin"),
    "awards:record_export": Route("organiser,admin", _export, needs="a records export"),
    "awards:record_certificate": Route("owner,organiser,admin", _record, needs="an award record"),
    "awards:decision_list": Route("reviewer,admin", queries=_decision),
    "awards:rule_list": Route("reviewer,admin"),
    "awards:rating_index": Route("unit_user,reviewer,admin", queries=_rating_index, ok=(200, 302)),
    "awards:rating_unit": Route("owner,organiser,admin", lambda ctx: {"pk": ctx.chair_unit.pk, "year": ctx.year}),
    "awards:rating_import": Route("owner,admin", lambda ctx: {"pk": ctx.chair_unit.pk, "year": ctx.year}),
    "awards:decision_index": Route("reviewer,admin"),
    "awards:decision_create": Route("reviewer,admin"),
    "awards:decision_detail": Route("organiser,admin", _decision_of_board, needs="a decision of the board"),
    "awards:decision_update": Route("organiser,admin", lambda ctx: _decision_of_board(ctx, status="draft"),
                                    needs="a draft decision of the board"),
    "awards:decision_revoke": Route("organiser,admin", lambda ctx: _decision_of_board(ctx, status="issued"),
                                    needs="an issued decision of the board"),
    "awards:decision_document": Route("organiser,admin", lambda ctx: (
        {**_decision_of_board(ctx), "slug": "quyet-dinh"} if _decision_of_board(ctx) else None
    ), needs="a decision of the board"),
    "awards:decision_public": Route("public", _public_decision, needs="an issued decision"),
    "awards:decision_pdf": Route("organiser,admin", lambda ctx: _decision_of_board(ctx, status="issued"),
                                 needs="an issued decision of the board"),
    "awards:record_revoke": Route("organiser,admin", _revocable_record, needs="a record in the board's register"),
    "awards:submission_document": Route("owner,organiser,admin", _submission, needs="a covering submission"),
    "awards:template_index": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk}),
    "awards:template_download": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk, "kind": "decision"}),
    "yearend:ballot_minutes": Route("member,organiser,admin", lambda ctx: _ballot(ctx, status="closed"),
                                    needs="a closed ballot"),
    "awards:registration_list": Route("user"),
    "awards:registration_create": Route("unit_user"),
    "awards:registration_detail": Route("owner,organiser,admin", _registration, needs="a registration of the unit"),
    "awards:registration_consolidated": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk,
                                                                             "year": ctx.year}),
    "awards:round_list": Route("user"),
    "awards:round_create": Route("reviewer"),
    "awards:round_detail": Route("owner,organiser,admin", _award_round, needs="a round of the board"),
    "awards:dispatch_list": Route("reviewer,admin"),
    "awards:dispatch_create": Route("reviewer", lambda ctx: {} if ctx.organizer.kind == "board" else None,
                                    needs="a provincial board organising the group (the central board sends none)"),
    "awards:dispatch_detail": Route("organiser,admin", _dispatch, needs="a khen cao dossier of the board"),
    "awards:council_list": Route("reviewer,admin"),
    "awards:council_detail": Route("organiser,admin", _council, needs="a council of the board"),
    "awards:council_session": Route("organiser,admin", _session, needs="a council session of the board"),
    "awards:council_minutes": Route("organiser,admin", lambda ctx: _session(ctx, status="closed"),
                                    needs="a closed council session of the board"),
    "awards:blank_list": Route("reviewer,admin"),
    "awards:blank_update": Route("organiser,admin", _blank, needs="a blank of the board"),
    "awards:blank_print": Route("organiser,admin", _blank, needs="a blank of the board"),
    "awards:review_inbox": Route("reviewer,admin", lambda ctx: {"step": "tiep-nhan"}),
    "awards:review_config": Route("board_admin"),
    "awards:review_relations": Route("reviewer"),
    "awards:review_detail": Route("owner,organiser,admin", lambda ctx: _pk(ctx.reviewed_proposal()),
                                  needs="a proposal"),
    # --- stats: the statutory statistics (biểu 0601–0605), the register of TĐKT bodies and staff -----------------
    "statistics:board": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk, "year": ctx.year}),
    "statistics:run": Route("organiser,admin", _stat_run, needs="a statistics compile of the board"),
    "statistics:run_progress": Route("organiser,admin", _stat_run, needs="a statistics compile of the board"),
    "statistics:sheet_edit": Route("organiser,admin", _stat_sheet, needs="a statistics sheet of the board"),
    "clusters:tdkt_register": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk}, queries=_tdkt_register),
    "clusters:tdkt_body_create": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk}),
    "clusters:tdkt_body_update": Route("organiser,admin", _tdkt_body, needs="a TĐKT body in the board's register"),
    "clusters:tdkt_staff_create": Route("organiser,admin", lambda ctx: {"pk": ctx.organizer.pk}),
    "clusters:tdkt_staff_update": Route("organiser,admin", _tdkt_staff, needs="a TĐKT staff member of the board"),
    # the initiative register (issue 19 item 2; helper "initiatives")
    "awards:initiative_list": Route("user", queries=_list(_f("scope", scope="province"),
                                                          _f("year", year=lambda ctx: ctx.year),
                                                          extra_searches=lambda ctx: ["sang kien"])),
    "awards:initiative_create": Route("unit_user,reviewer,admin"),
    "awards:initiative_detail": Route("owner,organiser,admin", lambda ctx: _initiative(ctx),
                                      needs="an initiative of the chair unit"),
    "awards:initiative_update": Route("owner,organiser,admin", lambda ctx: _initiative(ctx),
                                      needs="an initiative of the chair unit"),
    "awards:initiative_import": Route("unit_user,reviewer,admin"),
    "awards:initiative_import_template": Route("unit_user,reviewer,admin"),
    "awards:initiative_report": Route("user", queries=lambda ctx, role: [
        ("the year", _q(year=ctx.year)), ("the year as XLSX", _q(year=ctx.year, format="xlsx"))]),
    # --- api (issue 20 item 1): the reference page, the token pages, and the REST API with a token ---------------
    "api_docs": Route("user"),
    "clusters:token_list": Route("board_admin,admin"),
    "clusters:token_create": Route("board_admin,admin"),
    "api:schema": Route("user", queries=lambda ctx, role: [("json", _q(format="json"))]),
    "api:units": Route("user", queries=lambda ctx, role: [
        ("first page", ""), ("deep page", _q(page="last")), ('search "nguyen"', _q(q="nguyen")),
        ("filter kind", _q(kind="agency")),
    ]),
    "api:unit": Route("user", lambda ctx: {"pk": ctx.chair_unit.pk}),
    "api:groups": Route("user"),
    "api:group_year": Route("user", _gy),
    "api:award_types": Route("user"),
    "api:rule_sets": Route("reviewer,admin"),
    "api:award_records": Route("user", queries=lambda ctx, role: [
        ("first page", ""), ("filter year", _q(year=CLOSED_YEAR)), ("filter unit", _q(unit=ctx.chair_unit.pk)),
        ("filter award type", _q(award_type="GIAY_KHEN")),
    ]),
    "api:decisions": Route("reviewer,admin"),
    "api:decision": Route("organiser,admin", lambda ctx: _decision_of_board(ctx, status="issued"),
                          needs="an issued decision of the board"),
    "api:proposals": Route("user"),
    "api:proposal": Route("owner,organiser,admin", lambda ctx: _pk(ctx.reviewed_proposal()), needs="a proposal"),
    "api:pledges": Route("user"),
    "api:pledge": Route("member,organiser,admin", _signed, needs="a signed pledge"),
    # kinds (issue 19): dossiers with many nominees; the proposal list by kind and recipient category
    "awards:dossier_list": Route("user", queries=lambda ctx, role: [("first page", ""), ("search", _q(q="bang khen"))]),
    "awards:dossier_create": Route("unit_user"),
    "awards:dossier_detail": Route("owner,organiser,admin", _dossier, needs="a dossier of the chair unit"),
    "awards:dossier_add_lines": Route("owner", lambda ctx: _dossier(ctx, open_only=True),
                                      needs="a dossier of the chair unit not sent up"),
}

POST_ONLY = "POST only (a form's action, no page)"
STORED_FILE = "serves a stored upload: its cost is the file's size (the scale data holds no files)"
#: Routes of the URL conf that are not pages to measure, with the reason.
NOT_MEASURED: dict[str, str] = {
    "logout": "ends the session (POST only)",
    "set_language": POST_ONLY,
    "clusters:account_deactivate": POST_ONLY,
    "clusters:account_reactivate": POST_ONLY,
    "clusters:account_password_reset": POST_ONLY,
    "clusters:account_unlock": POST_ONLY,
    "pledges:copy": POST_ONLY,
    "pledges:item_delete": POST_ONLY,
    "pledges:item_move": POST_ONLY,
    "pledges:criterion_delete": POST_ONLY,
    "pledges:open": POST_ONLY,
    "pledges:remind": POST_ONLY,
    "pledges:signature_scan": STORED_FILE,
    "pledges:signed_copy": STORED_FILE,
    "clusters:webhook_replay": POST_ONLY,
    **{f"clusters:import_{kind}_confirm": POST_ONLY for kind in ("units", "collectives", "people", "accounts")},
    "awards:decision_issue": POST_ONLY,
    "awards:dispatch_outcome": POST_ONLY,
    "awards:proposal_decide_in_unit": POST_ONLY,
    "awards:registration_entry_add": POST_ONLY,
    "awards:registration_entry_delete": POST_ONLY,
    "awards:registration_forward": POST_ONLY,
    "awards:registration_review": POST_ONLY,
    "awards:registration_submit": POST_ONLY,
    "awards:decision_proposals": POST_ONLY,
    "awards:blank_scan": STORED_FILE,
    "awards:council_member_add": POST_ONLY,
    "awards:council_session_create": POST_ONLY,
    "awards:council_vote": POST_ONLY,
    "awards:council_close": POST_ONLY,
    "awards:review_action": POST_ONLY,
    "awards:review_position_add": POST_ONLY,
    "awards:review_position_delete": POST_ONLY,
    "awards:review_route_add": POST_ONLY,
    "awards:review_route_delete": POST_ONLY,
    "awards:review_relation_delete": POST_ONLY,
    "yearend:scoring_open": POST_ONLY,
    "yearend:members_remind": POST_ONLY,
    "yearend:assessment_scores": POST_ONLY,
    "yearend:assessment_results": POST_ONLY,
    "yearend:evidence_upload": POST_ONLY,
    "yearend:assessment_submit": POST_ONLY,
    "yearend:assessment_verify_scores": POST_ONLY,
    "yearend:adjustment_add": POST_ONLY,
    "yearend:assessment_confirm": POST_ONLY,
    "yearend:assessment_return": POST_ONLY,
    "yearend:adjustment_delete": POST_ONLY,
    "yearend:evidence": STORED_FILE,
    "yearend:evidence_delete": POST_ONLY,
    "yearend:ballot_open": POST_ONLY,
    "yearend:ballot_vote": POST_ONLY,
    "yearend:report_request": "starts a report job (POST only)",
    "yearend:rollup_request": "starts a roll-up job (POST only)",
    "yearend:report_retry": "starts a report job again (POST only)",
    "yearend:report_download": STORED_FILE + "; a report compiled by a job",
    "awards:bulk_approve": POST_ONLY,
    "awards:proposal_withdraw": POST_ONLY,
    "awards:proposal_resubmit": POST_ONLY,
    "awards:proposal_review": POST_ONLY,
    "awards:proposal_decide": POST_ONLY,
    "awards:proposal_comment": POST_ONLY,
    "awards:attachment_upload": POST_ONLY,
    "awards:attachment_download": STORED_FILE,
    "awards:record_export_download": STORED_FILE + "; an export built by a job",
    "awards:record_export_retry": "starts an export job again (POST only)",
    "awards:record_import_confirm": POST_ONLY,
    "awards:rating_import_confirm": POST_ONLY,
    # stats
    "statistics:run_request": "starts a statistics compile job (POST only)",
    "statistics:run_retry": "starts a statistics compile job again (POST only)",
    "statistics:download": STORED_FILE + "; a form compiled by a job",
    # the initiative register (issue 19 item 2; helper "initiatives")
    "awards:initiative_file_upload": POST_ONLY,
    "awards:initiative_file_delete": POST_ONLY,
    "awards:initiative_file_download": STORED_FILE,
    "awards:initiative_import_confirm": POST_ONLY,
    "clusters:token_revoke": POST_ONLY,
    # kinds (issue 19)
    "awards:dossier_submit": POST_ONLY,
    "awards:record_import_template": "a download built from constants (the template of the records import)",
}
# fmt: on


def plan(ctx: Context | None = None, *, pages: str = "") -> list[Entry]:
    """Every (route, role, parameters) entry, resolved in the configured database. `pages`: keep the entries
    whose route name contains one of these comma-separated words (e.g. "record_list,person")."""
    ctx = ctx or Context()
    wanted = [word.strip() for word in pages.split(",") if word.strip()]
    entries = []
    for name, route in ROUTES.items():
        if wanted and not any(word in name for word in wanted):
            continue
        kwargs = route.kwargs(ctx) if route.kwargs else None
        for role in route.roles():
            user = (ctx.current_users if route.current else ctx.users)[role]
            username = user.username if user else ""
            missing = f"not in the data: {route.needs or 'its object'}"
            if route.kwargs and kwargs is None:
                entries.append(Entry(name, role, "—", username, "", skipped=missing))
                continue
            path = reverse(name, kwargs=kwargs)
            variants = (route.queries or _first)(ctx, role)
            if not variants:
                entries.append(Entry(name, role, "—", username, "", skipped=missing))
            for label, query in variants:
                admin = route.admin if role == Role.ADMIN else ""
                url = query if query.startswith("/") else path + query  # a variant may be another object's page
                entries.append(Entry(name, role, label, username, url, ok=route.ok, admin=admin))
    return entries


def admin_changelist(model_label: str, query: str = "") -> str:
    app_label, model_name = model_label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist") + query


def add_missing(ctx: Context | None = None) -> list[str]:
    """Add, through the services (audited), the objects some pages need and the scale data holds none of: a
    campaign of the organising board, a draft proposal of the chair unit, a records export and a report of the
    largest group, a dossier of the chair unit (kinds), a TĐKT body with one of its staff and a statistics compile
    of the organising board. Each only when absent; returns what was added, or why it
    could not be."""
    import datetime

    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    from awards.services.exports import record_export_request
    from awards.services.proposals import proposal_create
    from emulation.services.campaigns import campaign_create
    from emulation.services.reports import report_request

    ctx = ctx or Context()
    done = []

    def attempt(what: str, needed: bool, make: Callable) -> None:
        if not needed:
            return
        try:
            with transaction.atomic():
                make()
            done.append(f"added {what}")
        except (ValidationError, PermissionDenied, ValueError) as error:
            done.append(f"could not add {what}: {error}")

    attempt(
        "a campaign of the organising board",
        _campaign(ctx, mine=True) is None,
        lambda: campaign_create(
            actor=ctx.reviewer,
            title=f"Phong trào thi đua yêu nước năm {LAST_YEAR}",
            authority="provincial_chairman",
            kind="thematic",
            start_date=datetime.date(LAST_YEAR, 1, 1),
        ),
    )

    def draft_proposal():
        from clusters.models import Person

        taken = Proposal.objects.filter(year=LAST_YEAR, nominee_person__isnull=False).values("nominee_person_id")
        person = (  # kinds (issue 19): not a leader, whose level the proposer must choose
            Person.objects.filter(unit=ctx.chair_unit)
            .exclude(pk__in=taken)
            .exclude(category="leader")
            .order_by("pk")
            .first()
        )
        proposal_create(
            actor=ctx.staff,
            proposing_unit=ctx.chair_unit,
            award_type_code="GIAY_KHEN",
            year=LAST_YEAR,
            nominee_person=person,
            achievements="Hoàn thành xuất sắc nhiệm vụ.",
        )

    attempt("a draft proposal of the chair unit", ctx.proposal(status=ProposalStatus.DRAFT) is None, draft_proposal)

    def initiative():  # issue 19 item 2 (helper "initiatives")
        from awards.services.initiatives import initiative_create

        if ctx.person is None:
            raise ValueError("the chair unit has nobody to be the initiative's author")
        initiative_create(
            actor=ctx.staff, unit=ctx.chair_unit, authors=[(ctx.person, 100)],
            title=f"Sáng kiến số hoá hồ sơ thi đua năm {ctx.year}", decision_number=f"15/QĐ-HĐSK-{ctx.year}",
            decision_date=datetime.date(ctx.year, 11, 15), scope="province", recognising_body_name="Hội đồng sáng kiến",
        )  # fmt: skip

    attempt("an initiative of the chair unit", _initiative(ctx) is None, initiative)
    attempt("a records export", _export(ctx) is None, lambda: record_export_request(actor=ctx.reviewer, query="nguyen"))
    attempt(
        "a report of the largest group",
        _report(ctx, group=ctx.group) is None,
        lambda: report_request(actor=ctx.admin, year=ctx.year, group=ctx.group),
    )

    def dossier():  # kinds (issue 19): a dossier of the chair unit, not sent up, of an award its reviewer reviews
        from awards.services.dossiers import dossier_create
        from clusters.models import Person

        # the award, year, kind and group of a proposal the reviewer reads (proposal_detail): not one of an award
        # the unit's head decides, which no board reviews (the dossier would be out of the reviewer's scope)
        model = ctx.reviewed_proposal()
        live = Proposal.objects.filter(award_type=model.award_type, year=model.year, kind=model.kind).exclude(
            status=ProposalStatus.REJECTED
        )
        if model.award_type.accepts_person():
            people = Person.objects.filter(unit=ctx.chair_unit).exclude(category="leader")
            nominees = people.exclude(pk__in=live.filter(nominee_person__isnull=False).values("nominee_person_id"))
            lines = [{"nominee_person": p} for p in nominees.order_by("pk")[:5]]
        else:
            units = Unit.objects.filter(Q(pk=ctx.chair_unit.pk) | Q(parent=ctx.chair_unit))
            nominees = units.exclude(pk__in=live.filter(nominee_unit__isnull=False).values("nominee_unit_id"))
            lines = [{"nominee_unit": u} for u in nominees.order_by("pk")[:5]]
        dossier_create(
            actor=ctx.staff,
            proposing_unit=ctx.chair_unit,
            award_type_code=model.award_type.code,
            year=model.year,
            kind=model.kind,
            summary="Thành tích chung của hồ sơ đo hiệu năng.",
            lines=[{**line, "source_group": model.source_group} for line in lines],
        )

    attempt("a dossier of the chair unit", _dossier(ctx, open_only=True) is None or _dossier(ctx) is None, dossier)

    def tdkt_register():  # issue 19 item 3: the board's body and one of its staff (forms 0604–0605)
        from clusters.services.tdkt import body_create, staff_create

        body = _model("clusters.TdktBody").objects.filter(unit=ctx.organizer).first()
        body = body or body_create(actor=ctx.reviewer, unit=ctx.organizer, level="province", form="separate")
        staff_create(
            actor=ctx.reviewer, body=body, full_name="Nguyễn Thị Thu Hà", gender="female", birth_year=1985,
            education="bachelor", started_year=2010,
        )  # fmt: skip

    attempt("a TĐKT body and staff member of the organising board", _tdkt_staff(ctx) is None, tdkt_register)

    def stat_compile():  # issue 19 item 3: a compile of form 0601 for the year (its page, progress, manual cells)
        from emulation.services.statistics import ensure_stat_forms, stat_request

        ensure_stat_forms()
        day = datetime.date(ctx.year, 12, 31)
        forms = _model("emulation.StatForm").objects.filter(code="0601", effective_from__lte=day)
        form = forms.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day)).order_by("-effective_from").first()
        if form is None:
            raise ValueError(f"no version of form 0601 is in force in {ctx.year}")
        stat_request(actor=ctx.reviewer, form=form, board=ctx.organizer, year=ctx.year)

    attempt("a statistics compile of the organising board", _stat_run(ctx) is None, stat_compile)
    return done
