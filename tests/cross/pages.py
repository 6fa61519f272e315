"""Every page of the URL conf, for the browser checks: generated from the authorization matrix's rule table.

tests/cross/test_authorization_matrix.py holds the one table of who may open each route (`RULES`) and the world that
gives every route's URL its objects (`_side`). This module reads both: each GET route that some role may open
becomes a `Page` with the roles allowed on it (the "own" side's objects), and `build_world` builds the same two-sided
world as the matrix, but committed, for a live server to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse

from tests.cross.test_authorization_matrix import ROLES, RULES, Case, _route_names
from tests.cross.test_authorization_matrix import build_world as matrix_world

#: The order in which roles are given the pages they may open: unit roles first (the chair's, then the member's,
#: then the other side's), then the boards' reviewers, the boards' administrators and the admin; anonymous visitors
#: only get the public pages.
ROLE_ORDER = [
    "staff_chair",
    "leader_own",
    "staff_own",
    "leader_chair",
    "staff_other",
    "leader_other",
    "reviewer_organiser",
    "reviewer_other",
    "board_admin_own",
    "board_admin_other",
    "admin",
    "anonymous",
]
assert sorted(ROLE_ORDER) == sorted(ROLES)


@dataclass(frozen=True)
class Page:
    """One GET route (one of its cases), with the roles that may open it, most typical first."""

    name: str
    case: Case

    @property
    def scope(self) -> str:
        return "own" if self.case.kwargs else "any"

    @property
    def roles(self) -> list[str]:
        allowed = self.case.allowed_roles(self.scope)
        if self.case.allow == "public":  # public pages: as a visitor, and (if it is not the login) as a member
            return ["anonymous"] if self.name == "login" else ["anonymous", "leader_own"]
        if self.case.ok == (302,):  # a route that only redirects: checked where it lands, which the object's
            # side may open and the other side's units (and the boards' administrators, who run no groups) may not
            allowed -= {"staff_other", "leader_other", "board_admin_own", "board_admin_other"}
        return [role for role in ROLE_ORDER if role in allowed]

    @property
    def label(self) -> str:
        return f"{self.name}[{self.case.label}]" if self.case.label else self.name

    def url(self, world) -> str:
        kwargs = self.case.kwargs(world.own) if self.case.kwargs else None
        return reverse(self.name, kwargs=kwargs) + self.case.query


def pages() -> list[Page]:
    """Every GET case of every named route of the URL conf (the Django admin's own pages aside)."""
    names, _admin, _unnamed = _route_names()
    missing = names - set(RULES)
    assert not missing, f"routes without a rule in tests/cross/test_authorization_matrix.py: {sorted(missing)}"
    # the REST API's routes answer JSON to a token, not pages (api: tests/cross/test_api.py reads each of them)
    return [
        Page(name, case)
        for name in sorted(names)
        for case in RULES[name]
        if case.method == "GET" and not name.startswith("api:")
    ]


def build_world() -> SimpleNamespace:
    """The matrix's two sides and one account per role (written to the database: call it where writes commit)."""
    return matrix_world(admin_username="quantri.a11y")
