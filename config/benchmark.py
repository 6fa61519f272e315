"""The key pages of every role, found in a database loaded by `manage.py generate_scale_data`.

Shared by `manage.py benchmark` (which drives them with wrk through gunicorn) and by
tests/cross/test_query_counts.py (which counts their queries at two sizes of the data set).
"""

from __future__ import annotations

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
