"""Authorization matrix generated from the URL conf: every named route × every role × own/other object.

`RULES` below is the one table of who may use each route, keyed by URL name. A route that the URL
conf has and the table lacks fails the suite ("new route X has no authorization rule in the
matrix"), so nobody can add a page without deciding who may open it.

The world (built once for the module, rolled back at the end) has two mirror sides, each with its
own organising board, cluster and units, and objects of every kind in the states their routes
need. "own" objects belong to the side of the `*_own` and `*_chair` accounts and the organising
board's reviewer; "other" objects to the side of the `*_other` accounts and the other board.

Allowed: the expected success status (200 for pages, no refusal for a POST). Forbidden: 403 for
every page (a page of an object the user may not read is refused the same way everywhere), 403 or
404 for a POST, and a forbidden POST changes no row in any table. Anonymous visitors go to the
login page, except on the routes public by design.

Object reads (`READS`, issue 14 item 13): every list route says which of the two sides' objects it
shows (by name, on the page, in a search, in an exported file) and who may read them, following the
one read rule of `clusters.selectors.units` (a board reads its jurisdiction, the groups it organises
and the proposals it reviews; a unit its own); each role must find exactly the objects of its scope.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib import admin as django_admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from awards.models import DeclaredRelation, Position, RoutingRule, StaffPosition
from awards.services.catalogue import ensure_catalogue
from clusters import pickers
from clusters.models import Membership, Unit
from clusters.services.tokens import token_create
from tests.factories import (
    AdminFactory,
    AwardRecordFactory,
    BoardAdminFactory,
    BoardFactory,
    PersonFactory,
    ProposalFactory,
    ReviewerFactory,
    attach_dossier,
    award_type,
    leader_of,
    make_group_year,
    make_open_pledge,
    make_pledge,
    make_scoring_round,
    score_unit,
    service_token,
    staff_of,
)

YEAR = 2023  # signed pledge, scoring open, ballot open, reports done
DRAFT_YEAR = 2024  # draft pledge (drafting routes), no ballot yet (ballot_open)
OPEN_YEAR = 2025  # pledge open for signing (sign, amend, remind)
NEW_YEAR = 2026  # members, no pledge yet (create, copy)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

ROLES = [
    "anonymous",
    "staff_own",
    "leader_own",
    "staff_chair",
    "leader_chair",
    "staff_other",
    "leader_other",
    "reviewer_organiser",
    "reviewer_other",
    "board_admin_own",
    "board_admin_other",
    "admin",
]
LOGGED_IN = [role for role in ROLES if role != "anonymous"]
UNIT_ROLES = ["staff_own", "leader_own", "staff_chair", "leader_chair", "staff_other", "leader_other"]

#: What each token of a rule means for objects of the "own" side, of the "other" side, and for
#: routes without an object ("any"). The other side's chair unit has no account among the roles.
TOKENS: dict[str, dict[str, list[str]]] = {
    "nobody": {"own": [], "other": [], "any": []},
    "user": {"own": LOGGED_IN, "other": LOGGED_IN, "any": LOGGED_IN},
    "admin": {"own": ["admin"], "other": ["admin"], "any": ["admin"]},
    "reviewer": {
        "own": ["reviewer_organiser", "reviewer_other"],
        "other": ["reviewer_organiser", "reviewer_other"],
        "any": ["reviewer_organiser", "reviewer_other"],
    },
    "unit_user": {"own": UNIT_ROLES, "other": UNIT_ROLES, "any": UNIT_ROLES},
    "leader": {
        "own": ["leader_own", "leader_chair", "leader_other"],
        "other": ["leader_own", "leader_chair", "leader_other"],
        "any": ["leader_own", "leader_chair", "leader_other"],
    },
    # the unit that owns the object (its staff and leader)
    "owner": {"own": ["staff_own", "leader_own"], "other": ["staff_other", "leader_other"]},
    "owner_leader": {"own": ["leader_own"], "other": ["leader_other"]},
    # every member unit of the object's group that year (the chair is a member too)
    "member": {
        "own": ["staff_own", "leader_own", "staff_chair", "leader_chair"],
        "other": ["staff_other", "leader_other"],
    },
    "member_leader": {"own": ["leader_own", "leader_chair"], "other": ["leader_other"]},
    # the chair unit of the object's group that year
    "chair": {"own": ["staff_chair", "leader_chair"], "other": []},
    # a reviewer at the board that organises the object's group (or runs the object's scope)
    "organiser": {"own": ["reviewer_organiser"], "other": ["reviewer_other"]},
    # the administrator of the board whose jurisdiction holds the object (an account of a unit of its province)
    "board_admin": {
        "own": ["board_admin_own"],
        "other": ["board_admin_other"],
        "any": ["board_admin_own", "board_admin_other"],
    },
}


@dataclass(frozen=True)
class Case:
    """One way to call a route: method, URL kwargs (from a world side), who may, what success is."""

    allow: str  # tokens joined by commas, or "public"
    kwargs: Callable[[SimpleNamespace], dict] | None = None  # None: the route takes no object
    method: str = "GET"
    ok: tuple[int, ...] = (200,)  # success statuses for GET
    query: str = ""
    data: Callable[[SimpleNamespace], dict] | None = None
    label: str = ""

    @property
    def scopes(self) -> list[str]:
        return ["own", "other"] if self.kwargs else ["any"]

    def allowed_roles(self, scope: str) -> set[str]:
        if self.allow == "public":
            return set(ROLES)
        roles: set[str] = set()
        for token in self.allow.split(","):
            roles.update(TOKENS[token.strip()][scope])
        return roles


def _webhook(board, tag) -> dict:
    """A receiver of `board`'s with one delivery (registered as receiver_create leaves it; its checks are tested in
    tests/clusters/test_webhooks.py)."""
    from clusters.models import WebhookDelivery, WebhookEvent, WebhookReceiver

    receiver = WebhookReceiver.objects.create(
        board=board,
        name=f"LGSP {tag}",
        url="https://lgsp.example.vn/nhan",
        events=[WebhookEvent.PLEDGE_SEALED],
        secret="0" * 64,
        created_by=BoardAdminFactory(unit=board),
    )
    delivery = WebhookDelivery.objects.create(
        receiver=receiver, event=WebhookEvent.PLEDGE_SEALED, payload={}, status="failed", attempts=1
    )
    return {"webhook": receiver, "webhook_delivery": delivery}


def _statistics(board, reviewer, tag) -> dict:
    """stats: a finished compile of form 0601 by `board` (its XLSX kept) with its sheet of manual cells, and the
    board in its own register of TĐKT bodies with one staff member (their rules: tests/emulation/test_statistics.py,
    tests/clusters/test_tdkt.py)."""
    from clusters.models import StaffMember, TdktBody
    from emulation.models import StatForm, StatRun, StatSheet
    from emulation.services.statistics import ensure_stat_forms

    ensure_stat_forms()
    sheet = StatSheet.objects.create(form=StatForm.objects.get(code="0601"), board=board, year=YEAR)
    run = StatRun.objects.create(sheet=sheet, run_version=1, requested_by=reviewer, status="done", progress=100)
    run.xlsx.save(f"bieu-0601-{tag}.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=True)
    body = TdktBody.objects.create(unit=board, level="province", form="separate")
    staff = StaffMember.objects.create(
        body=body, full_name=f"Cán bộ thi đua {tag}", gender="female", birth_year=1985, education="bachelor",
        started_year=2010,
    )  # fmt: skip
    return {"stat_sheet": sheet, "stat_run": run, "tdkt_body": body, "tdkt_staff": staff}


def _signed_copy(pledge, uploaded_by):
    """A kept signed PDF of `pledge` (as signed_copy_add leaves it; its validation is tested in test_signatures)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from clusters.models import SignedCopy

    copy = SignedCopy(
        target_type=ContentType.objects.get_for_model(pledge),
        target_id=pledge.pk,
        original_name="giao-uoc-da-ky.pdf",
        sha256="0" * 64,
        signer="Nguyễn Văn Lãnh Đạo",
        issuer="CA gốc thử nghiệm",
        serial="1A",
        uploaded_by=uploaded_by,
    )
    copy.file.save("giao-uoc-da-ky.pdf", ContentFile(PDF), save=False)
    copy.save()
    return copy


def get(allow, kwargs=None, **extra) -> list[Case]:
    return [Case(allow, kwargs, "GET", **extra)]


def post(allow, kwargs=None, **extra) -> list[Case]:
    return [Case(allow, kwargs, "POST", **extra)]


#: A search of the pickers' endpoint: every unit's name, within what the user reads (clusters.pickers).
PICKER = "?" + urlencode({"spec": pickers.sign("units.all", {}), "q": "so thu nghiem"})
G = lambda s: {"pk": s.group.pk}  # noqa: E731
GY = lambda s: {"pk": s.group.pk, "year": YEAR}  # noqa: E731
PLEDGE_GY = lambda s, year: {"group_pk": s.group.pk, "year": year}  # noqa: E731

# fmt: off
#: The authorization rules, one entry per URL name. Tokens: see TOKENS.
RULES: dict[str, list[Case]] = {
    # --- project ---------------------------------------------------------------------------------
    "dashboard": get("user"),
    "health": get("public"),
    "set_language": post("public", data=lambda s: {"language": "vi", "next": "/"}),
    "login": get("public", ok=(200, 302)),  # a logged-in user is sent on to the dashboard
    "logout": post("public", ok=(200, 302)),
    "password_change": get("user"),
    "password_change_done": get("user"),
    # the one-time link of an invitation or a password reset: public (a link past its use says so)
    "password_reset_confirm": get("public", lambda s: {"uidb64": "MA", "token": "het-han"}),
    "password_reset_complete": get("public"),
    # --- organisation ----------------------------------------------------------------------------
    "clusters:group_list": get("user"),
    "clusters:group_create": get("reviewer,admin"),
    "clusters:group_detail": get("user", G),
    "clusters:group_year": get("user", GY),
    "clusters:group_update": get("organiser,admin", G),
    "clusters:group_members": get("organiser,admin", GY),
    "clusters:unit_list": get("user"),
    "clusters:unit_create": get("admin"),
    "clusters:picker_search": get("user", query=PICKER),  # any signed-in user; the rows are those they read
    "clusters:unit_detail": get("user", lambda s: {"pk": s.unit.pk}),
    "clusters:unit_update": get("owner,admin", lambda s: {"pk": s.unit.pk}),
    "clusters:person_create": get("owner,admin", lambda s: {"pk": s.unit.pk}),
    "clusters:person_list": get("user"),
    # a board reads the people of its jurisdiction and of the groups it organises (the read rule, issue 14 item 13)
    "clusters:person_detail": get("owner,organiser,admin", lambda s: {"pk": s.person.pk}),
    "clusters:person_update": get("owner,admin", lambda s: {"pk": s.person.pk}),
    # accounts: a board's administrator manages its province's units' leaders and staff; the system admin all
    "clusters:account_list": get("board_admin,admin"),
    "clusters:account_create": get("board_admin,admin"),
    "clusters:account_detail": get("board_admin,admin", lambda s: {"pk": s.leader.pk}),
    "clusters:account_update": get("board_admin,admin", lambda s: {"pk": s.leader.pk}),
    "clusters:account_deactivate": post("board_admin,admin", lambda s: {"pk": s.leader.pk}),
    "clusters:account_reactivate": post("board_admin,admin", lambda s: {"pk": s.leader.pk}),
    "clusters:account_password_reset": post("board_admin,admin", lambda s: {"pk": s.staff.pk}),
    "clusters:account_unlock": post("board_admin,admin", lambda s: {"pk": s.leader.pk}),
    # webhooks (issue 20 item 2): each board's administrator its own receivers
    "clusters:webhook_list": get("board_admin,admin"),
    "clusters:webhook_create": get("board_admin,admin"),
    "clusters:webhook_detail": get("board_admin,admin", lambda s: {"pk": s.webhook.pk}),
    "clusters:webhook_update": get("board_admin,admin", lambda s: {"pk": s.webhook.pk}),
    "clusters:webhook_replay": post("board_admin,admin", lambda s: {"pk": s.webhook_delivery.pk}),
    # Excel imports (the rows are limited to the board's jurisdiction: tests/clusters/test_imports.py)
    **{
        f"clusters:import_{kind}{step}": (post if step == "_confirm" else get)("board_admin,admin")
        for kind in ("units", "collectives", "people", "accounts")
        for step in ("", "_confirm", "_template")
    },
    # --- campaigns -------------------------------------------------------------------------------
    "campaigns:list": get("user"),
    "campaigns:create": get("reviewer,admin"),
    "campaigns:detail": get("user", lambda s: {"pk": s.campaign.pk}),
    # a campaign a board created is edited by that board only
    "campaigns:update": get("organiser,admin", lambda s: {"pk": s.campaign.pk}),
    # --- pledges ---------------------------------------------------------------------------------
    "pledges:list": get("user"),
    "yearend:overview": get("user"),
    "pledges:group_year": get("user", lambda s: PLEDGE_GY(s, YEAR), ok=(302,)),
    "pledges:create": get("chair,organiser,admin", lambda s: PLEDGE_GY(s, NEW_YEAR)),
    "pledges:copy": post("chair,organiser,admin", lambda s: PLEDGE_GY(s, NEW_YEAR)),
    "pledges:verify": get("public", lambda s: {"code": s.signed_pledge.verification_code}),
    "pledges:detail": get("member,organiser,admin", lambda s: {"pk": s.signed_pledge.pk}),
    "pledges:update": get("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk}),
    "pledges:item_add": get("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk}),
    "pledges:item_update": get("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk, "item_pk": s.item.pk}),
    "pledges:item_delete": post("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk, "item_pk": s.item.pk}),
    "pledges:item_move": post("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk, "item_pk": s.item.pk}),
    "pledges:criterion_add": get("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk}),
    "pledges:criterion_update": get(
        "chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk, "criterion_pk": s.criterion.pk}
    ),
    "pledges:criterion_delete": post(
        "chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk, "criterion_pk": s.criterion.pk}
    ),
    "pledges:open": post("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk}),
    "pledges:amend": get("chair,organiser,admin", lambda s: {"pk": s.open_pledge.pk}),
    "pledges:remind": post("chair,organiser,admin", lambda s: {"pk": s.open_pledge.pk}),
    "pledges:sign": get("member_leader", lambda s: {"pk": s.open_pledge.pk}),
    # a member's signature on paper (issue 15 item 6): recorded by the chair unit only; its scan read like the pledge
    "pledges:paper_sign": get("chair", lambda s: {"pk": s.open_pledge.pk}),
    "pledges:signature_scan": get("member,organiser,admin", lambda s: {"pk": s.paper_signature.pk}),
    "pledges:print": get("member,organiser,admin", lambda s: {"pk": s.signed_pledge.pk}),
    "pledges:pdf": get("member,organiser,admin", lambda s: {"pk": s.signed_pledge.pk}),
    # PDFs of the sealed pledge signed with token certificates (issue 20 item 3): kept by those who manage the
    # pledge, read like it; anyone with the printed code checks a PDF's signatures
    "pledges:signed_copy_add": get("chair,organiser,admin", lambda s: {"pk": s.signed_pledge.pk}),
    "pledges:signed_copy": get("member,organiser,admin", lambda s: {"pk": s.signed_copy.pk}),
    "pledges:pdf_check": get("public", lambda s: {"code": s.signed_pledge.verification_code}),
    # --- year end: scoring -------------------------------------------------------------------------
    "yearend:scoring": get("member,organiser,admin", GY),
    "yearend:scoring_open": post("chair,admin", lambda s: {"pk": s.group.pk, "year": DRAFT_YEAR}),
    "yearend:scoring_close": [
        *get("chair,admin", GY, label="confirmation"),
        *post("chair,admin", GY, data=lambda s: {"confirm": "1"}, label="confirmed"),
    ],
    # nothing ranks before the lock: members (the chair unit too) see it once published
    "yearend:ranking": get("organiser,admin", GY),
    # the chair unit reminds the members that have not signed, sent their self-assessment or voted
    "yearend:members_remind": post("chair", lambda s: {"pk": s.group.pk, "year": YEAR, "task": "tu-cham"}),
    "yearend:assessment": get("owner,chair,organiser,admin", lambda s: {"pk": s.draft_assessment.pk}),
    "yearend:assessment_scores": post("owner", lambda s: {"pk": s.draft_assessment.pk}),
    "yearend:assessment_results": post("owner", lambda s: {"pk": s.draft_assessment.pk}),
    "yearend:evidence_upload": post("owner", lambda s: {"pk": s.draft_assessment.pk}),
    "yearend:assessment_submit": post("owner_leader", lambda s: {"pk": s.draft_assessment.pk}),
    # a member's sheet is verified by the chair unit; the chair's own by the vice-chair unit (no account among
    # the roles) or the organising board, never by the chair unit itself
    "yearend:assessment_verify_scores": [
        *post("chair,admin", lambda s: {"pk": s.sent_assessment.pk}, label="member's sheet"),
        *post("organiser,admin", lambda s: {"pk": s.chair_assessment.pk}, label="chair's own sheet"),
    ],
    "yearend:adjustment_add": [
        *post("chair,admin", lambda s: {"pk": s.sent_assessment.pk}, label="member's sheet"),
        *post("organiser,admin", lambda s: {"pk": s.chair_assessment.pk}, label="chair's own sheet"),
    ],
    "yearend:assessment_confirm": [
        *post("chair,admin", lambda s: {"pk": s.sent_assessment.pk}, label="member's sheet"),
        *post("organiser,admin", lambda s: {"pk": s.chair_assessment.pk}, label="chair's own sheet"),
    ],
    "yearend:assessment_return": [
        *post("chair,admin", lambda s: {"pk": s.sent_assessment.pk}, label="member's sheet"),
        *post("organiser,admin", lambda s: {"pk": s.chair_assessment.pk}, label="chair's own sheet"),
    ],
    "yearend:adjustment_delete": post("chair,admin", lambda s: {"pk": s.adjustment.pk}),
    "yearend:evidence": get("owner,chair,organiser,admin", lambda s: {"pk": s.evidence.pk}),
    "yearend:evidence_delete": post("owner", lambda s: {"pk": s.evidence.pk}),
    # --- year end: ballot --------------------------------------------------------------------------
    "yearend:ballot": get("member,organiser,admin", GY),
    "yearend:ballot_open": post("chair,admin", lambda s: {"pk": s.group.pk, "year": DRAFT_YEAR}),
    "yearend:ballot_vote": post("member_leader", lambda s: {"pk": s.ballot.pk}),
    "yearend:ballot_close": [
        *get("chair,admin", lambda s: {"pk": s.ballot.pk}, label="confirmation"),
        *post("chair,admin", lambda s: {"pk": s.ballot.pk}, data=lambda s: {"confirm": "1"}, label="confirmed"),
    ],
    # --- year end: reports -------------------------------------------------------------------------
    "yearend:reports": get("chair,organiser,admin", GY),
    "yearend:report_request": post("chair,organiser,admin", GY),
    "yearend:rollup_reports": get("organiser,admin", lambda s: {"pk": s.board.pk, "year": YEAR}),
    "yearend:rollup_request": post("organiser,admin", lambda s: {"pk": s.board.pk, "year": YEAR}),
    "yearend:report": [
        *get("member,organiser,admin", lambda s: {"pk": s.report.pk}, label="group report"),
        *get("organiser,admin", lambda s: {"pk": s.rollup.pk}, label="roll-up"),
    ],
    "yearend:report_progress": get("member,organiser,admin", lambda s: {"pk": s.report.pk}),
    # members reach it but are refused with a message and nothing changes (see the focused test)
    "yearend:report_retry": post("member,organiser,admin", lambda s: {"pk": s.report.pk}),
    "yearend:report_download": [
        *get("member,organiser,admin", lambda s: {"pk": s.report.pk, "fmt": "docx"}, label="group report"),
        *get("organiser,admin", lambda s: {"pk": s.rollup.pk, "fmt": "docx"}, label="roll-up"),
    ],
    # --- awards ----------------------------------------------------------------------------------
    "awards:proposal_list": get("user"),
    "awards:proposal_create": get("unit_user"),  # for their own unit; an admin has none
    "awards:submission_create": get("leader"),
    # the proposing unit's tờ trình as a Word document: read like the unit's proposals (the one read rule)
    "awards:submission_document": get("owner,organiser,admin", lambda s: {"pk": s.submission.pk}),
    "awards:review_queue": get("reviewer,admin"),
    # every reviewer reaches it; only proposals in their scope are touched (see the focused test)
    "awards:bulk_approve": post("reviewer,admin"),
    "awards:fairness": get("reviewer,admin"),
    # the review steps inside a board (issue 18 item 2; with steps configured: tests/awards/test_review_steps.py)
    "awards:review_inbox": get("reviewer,admin", lambda s: {"step": "tiep-nhan"}),
    "awards:review_config": get("board_admin"),  # their own board's; its leader in the steps too
    "awards:review_position_add": post("board_admin"),
    "awards:review_position_delete": post("board_admin", lambda s: {"pk": s.staff_position.pk}),
    "awards:review_route_add": post("board_admin"),
    "awards:review_route_delete": post("board_admin", lambda s: {"pk": s.routing_rule.pk}),
    "awards:review_relations": get("reviewer"),
    "awards:review_relation_delete": post("organiser", lambda s: {"pk": s.relation.pk}),  # its author only
    "awards:review_detail": get("owner,organiser,admin", lambda s: {"pk": s.submitted_proposal.pk}),
    # the world's boards run no steps: nobody takes one (each step's holders: tests/awards/test_review_steps.py)
    "awards:review_action": post("nobody", lambda s: {"pk": s.submitted_proposal.pk, "action": "tiep-nhan"}),
    "awards:proposal_detail": get("owner,organiser,admin", lambda s: {"pk": s.draft_proposal.pk}),
    "awards:proposal_update": get("owner,admin", lambda s: {"pk": s.draft_proposal.pk}),
    # a draft not sent yet (e.g. one a ballot made) is withdrawn by its unit
    "awards:proposal_withdraw": post("owner,admin", lambda s: {"pk": s.draft_proposal.pk}),
    "awards:proposal_resubmit": post("owner_leader", lambda s: {"pk": s.draft_proposal.pk}),
    "awards:proposal_review": [
        *post("organiser,admin", lambda s: {"pk": s.submitted_proposal.pk, "action": "start_review"},
              label="start review"),
        *post("organiser,admin", lambda s: {"pk": s.submitted_proposal.pk, "action": "approve"}, label="approve"),
        *post("organiser,admin", lambda s: {"pk": s.submitted_proposal.pk, "action": "return"}, label="return"),
        *post("organiser,admin", lambda s: {"pk": s.submitted_proposal.pk, "action": "reject"}, label="reject"),
    ],
    "awards:proposal_decide": post("organiser,admin", lambda s: {"pk": s.approved_proposal.pk}),
    "awards:proposal_comment": post(
        "owner,organiser,admin", lambda s: {"pk": s.submitted_proposal.pk}, data=lambda s: {"comment": "Ý kiến"}
    ),
    "awards:attachment_upload": post("owner,admin", lambda s: {"pk": s.draft_proposal.pk}),
    "awards:attachment_download": get("owner,organiser,admin", lambda s: {"pk": s.attachment.pk}),
    "awards:record_list": get("user"),
    "awards:record_import": get("reviewer,admin"),
    "awards:record_export": get("organiser,admin", lambda s: {"pk": s.export.pk}),
    "awards:record_export_download": get("organiser,admin", lambda s: {"pk": s.export.pk}),
    "awards:record_export_retry": post("organiser,admin", lambda s: {"pk": s.export.pk}),
    "awards:record_import_confirm": post("reviewer,admin"),
    "awards:record_certificate": get("owner,organiser,admin", lambda s: {"pk": s.record.pk}),
    "awards:decision_list": get("reviewer,admin", query="?number=452/QĐ-TTg"),
    # the law's conditions in each rule set (issue 21)
    "awards:rule_list": get("reviewer,admin"),
    # yearly performance ratings: a unit user goes to their own unit's page (302), reviewers and admins pick one
    "awards:rating_index": get("unit_user,reviewer,admin", ok=(200, 302)),
    # entered by the unit; read by the reviewers of the boards that review its proposals (the organiser here)
    "awards:rating_unit": get("owner,organiser,admin", lambda s: {"pk": s.unit.pk, "year": YEAR}),
    "awards:rating_import": get("owner,admin", lambda s: {"pk": s.unit.pk, "year": YEAR}),
    "awards:rating_import_confirm": post("owner,admin", lambda s: {"pk": s.unit.pk, "year": YEAR}),
    # the award council (issue 17 item 3): the board's reviewers run it; its members (here the reviewer) vote
    "awards:council_list": get("reviewer,admin") + post(
        "reviewer", data=lambda s: {"name": "Hội đồng mới", "term_start": "01/01/2025", "term_end": "31/12/2029"}
    ),
    "awards:council_detail": get("organiser,admin", lambda s: {"pk": s.council.pk}),
    "awards:council_member_add": post(
        "organiser,admin", lambda s: {"pk": s.council.pk}, data=lambda s: {"member": s.leader.pk, "role": "member"}
    ),
    "awards:council_session_create": post(
        "organiser,admin",
        lambda s: {"pk": s.council.pk},
        data=lambda s: {"title": "Phiên mới", "held_on": timezone.localdate().strftime("%d/%m/%Y"), "mode": "list",
                        "proposals": [s.approved_proposal.pk]},
    ),  # fmt: skip
    "awards:council_session": get("organiser,admin", lambda s: {"pk": s.session.pk}),
    "awards:council_vote": post("organiser", lambda s: {"pk": s.session.pk}, data=lambda s: {"choice": "for"}),
    "awards:council_close": post("organiser,admin", lambda s: {"pk": s.session.pk}),
    "awards:council_minutes": get("organiser,admin", lambda s: {"pk": s.closed_session.pk}),
    # certificate blanks (issue 17 item 4): the board's reviewers
    "awards:blank_list": get("reviewer,admin") + post(
        "reviewer", data=lambda s: {"kind": "gk_household", "paper": "a3_landscape"}
    ),
    "awards:blank_update": get("organiser,admin", lambda s: {"pk": s.blank.pk}),
    "awards:blank_scan": get("organiser,admin", lambda s: {"pk": s.blank.pk}),
    "awards:blank_print": get("organiser,admin", lambda s: {"pk": s.blank.pk}, query="?number=452/QĐ-TTg"),
    # award decisions (issue 17): drafted, issued and revoked by the reviewers of the issuing board
    "awards:decision_index": get("reviewer,admin"),
    "awards:decision_create": get("reviewer,admin"),
    "awards:decision_detail": [
        *get("organiser,admin", lambda s: {"pk": s.draft_decision.pk}, label="draft"),
        *get("organiser,admin", lambda s: {"pk": s.issued_decision.pk}, label="issued"),
    ],
    "awards:decision_update": get("organiser,admin", lambda s: {"pk": s.draft_decision.pk}),
    "awards:decision_proposals": post("organiser,admin", lambda s: {"pk": s.draft_decision.pk}),
    "awards:decision_issue": post("organiser,admin", lambda s: {"pk": s.draft_decision.pk}),
    "awards:decision_revoke": get("organiser,admin", lambda s: {"pk": s.issued_decision.pk}),
    "awards:record_revoke": get("organiser,admin", lambda s: {"pk": s.issued_record.pk}),
    # the public page (công bố) behind the unguessable code printed as a QR code on each certificate
    "awards:decision_public": get("public", lambda s: {"code": s.issued_decision.public_code}),
    "awards:decision_document": get(
        "organiser,admin", lambda s: {"pk": s.issued_decision.pk, "slug": "quyet-dinh"}
    ),
    # the decision as a PDF, signed with the system's PAdES signature once issued (issue 20 item 3)
    "awards:decision_pdf": get("organiser,admin", lambda s: {"pk": s.issued_decision.pk}),
    # the board's Word templates: its reviewers (and system admins) read, download and upload them
    "awards:template_index": get("organiser,admin", lambda s: {"pk": s.board.pk}),
    "awards:template_download": get("organiser,admin", lambda s: {"pk": s.board.pk, "kind": "decision"}),
    # the vote-count minutes: read like the ballot; an open ballot has none yet (back to the ballot's page)
    "yearend:ballot_minutes": get("member,organiser,admin", lambda s: {"pk": s.ballot.pk}, ok=(302,)),
    # registration of titles (issue 18 item 1): the unit's staff and leader, the board it is sent to
    "awards:registration_list": get("user"),
    "awards:registration_create": get("unit_user"),
    "awards:registration_detail": get("owner,organiser,admin", lambda s: {"pk": s.sent_registration.pk}),
    "awards:registration_entry_add": post("owner,admin", lambda s: {"pk": s.draft_registration.pk}),
    "awards:registration_entry_delete": post(
        "owner,admin", lambda s: {"pk": s.draft_registration.pk, "entry_pk": s.registration_entry.pk}
    ),
    "awards:registration_submit": post("owner_leader", lambda s: {"pk": s.draft_registration.pk}),
    "awards:registration_review": post(
        "organiser,admin", lambda s: {"pk": s.sent_registration.pk, "action": "chap-nhan"}
    ),
    "awards:registration_consolidated": get("organiser,admin", lambda s: {"pk": s.board.pk, "year": YEAR}),
    "awards:registration_forward": post("organiser,admin", lambda s: {"pk": s.board.pk, "year": YEAR}),
    # rounds (issue 18 item 4): opened by a board's reviewer, read by the units under the board
    "awards:round_list": get("user"),
    "awards:round_create": get("reviewer"),
    "awards:round_detail": get("owner,organiser,admin", lambda s: {"pk": s.round.pk}),
    # routing by authority (issue 18 item 3): the unit's head decides its basic awards; khen cao dossiers are the
    # sending board's and the central board's (no account of the central board among the roles)
    "awards:proposal_decide_in_unit": post(
        "owner_leader,admin", lambda s: {"pk": s.in_unit_proposal.pk}, data=lambda s: {"number": "1/QĐ"}
    ),
    "awards:dispatch_list": get("reviewer,admin"),
    "awards:dispatch_create": get("reviewer"),
    "awards:dispatch_detail": get("organiser,admin", lambda s: {"pk": s.dispatch.pk}),
    "awards:dispatch_outcome": post(
        "admin", lambda s: {"pk": s.dispatch_item.pk}, data=lambda s: {"outcome": "granted", "number": "1/QĐ-TTg"}
    ),
    # --- stats: the statutory statistics (biểu 0601–0605) of a board, and its register of TĐKT bodies and staff ---
    "statistics:board": get("organiser,admin", lambda s: {"pk": s.board.pk, "year": YEAR}),
    "statistics:run_request": post(
        "organiser,admin", lambda s: {"pk": s.board.pk, "year": YEAR, "form_pk": s.stat_sheet.form_id}
    ),
    "statistics:run": get("organiser,admin", lambda s: {"pk": s.stat_run.pk}),
    "statistics:run_progress": get("organiser,admin", lambda s: {"pk": s.stat_run.pk}),
    "statistics:run_retry": post("organiser,admin", lambda s: {"pk": s.stat_run.pk}),
    "statistics:download": get("organiser,admin", lambda s: {"pk": s.stat_run.pk, "fmt": "xlsx"}),
    "statistics:sheet_edit": get("organiser,admin", lambda s: {"pk": s.stat_sheet.pk}),
    "clusters:tdkt_register": get("organiser,admin", lambda s: {"pk": s.board.pk}),
    "clusters:tdkt_body_create": get("organiser,admin", lambda s: {"pk": s.board.pk}),
    "clusters:tdkt_body_update": get("organiser,admin", lambda s: {"pk": s.tdkt_body.pk}),
    "clusters:tdkt_staff_create": get("organiser,admin", lambda s: {"pk": s.board.pk}),
    "clusters:tdkt_staff_update": get("organiser,admin", lambda s: {"pk": s.tdkt_staff.pk}),
    # --- the initiative register (issue 19 item 2; helper "initiatives"): read by the one read rule; entered and
    # edited by the unit's staff and leader and by the board whose jurisdiction holds the unit
    "awards:initiative_list": get("user"),
    "awards:initiative_create": get("unit_user,reviewer,admin"),
    "awards:initiative_detail": get("owner,organiser,admin", lambda s: {"pk": s.initiative.pk}),
    "awards:initiative_update": get("owner,organiser,admin", lambda s: {"pk": s.initiative.pk}),
    "awards:initiative_file_upload": post("owner,organiser,admin", lambda s: {"pk": s.initiative.pk}),
    "awards:initiative_file_download": get("owner,organiser,admin", lambda s: {"pk": s.initiative_file.pk}),
    "awards:initiative_file_delete": post("owner,organiser,admin", lambda s: {"pk": s.initiative_file.pk}),
    "awards:initiative_import": get("unit_user,reviewer,admin"),
    "awards:initiative_import_confirm": post("unit_user,reviewer,admin"),
    "awards:initiative_import_template": get("unit_user,reviewer,admin"),
    "awards:initiative_report": get("user"),
    # --- api (issue 20 item 1) ---------------------------------------------------------------------------
    # the API's reference page; API tokens given and revoked by each board's administrator (its own board's)
    "api_docs": get("user"),
    "clusters:token_list": get("board_admin,admin"),
    "clusters:token_create": get("board_admin,admin"),
    "clusters:token_revoke": post("board_admin,admin", lambda s: {"pk": s.api_token.pk}),
    # the API itself (routes "api:…"): each role is a service account of the same role and unit, authenticated by
    # its token (world.tokens); anonymous is answered 401, a refusal 403 (or 404), as the pages' rules say
    "api:schema": get("user"),
    "api:units": get("user"),
    "api:unit": get("user", lambda s: {"pk": s.unit.pk}),
    "api:groups": get("user"),
    "api:group_year": get("user", GY),
    "api:award_types": get("user"),
    "api:rule_sets": get("reviewer,admin"),
    "api:award_records": get("user"),
    "api:decisions": get("reviewer,admin"),
    "api:decision": get("organiser,admin", lambda s: {"pk": s.issued_decision.pk}),
    # a dossier for the account's own unit (a system admin has none); the matrix's empty one is answered 400
    "api:proposals": get("user") + post("unit_user"),
    "api:proposal": get("owner,organiser,admin", lambda s: {"pk": s.draft_proposal.pk}),
    "api:pledges": get("user"),
    "api:pledge": [
        *get("member,organiser,admin", lambda s: {"pk": s.signed_pledge.pk}, label="sealed"),
        *get("chair,organiser,admin", lambda s: {"pk": s.draft_pledge.pk}, label="draft"),
    ],
    # --- kinds (issue 19 items 1 and 4): dossiers with many nominees, read and written like proposals --------------
    "awards:dossier_list": get("user"),  # each sees the dossiers of their scope (READS)
    "awards:dossier_create": get("unit_user"),  # for their own unit; an admin has none
    "awards:dossier_detail": get("owner,organiser,admin", lambda s: {"pk": s.dossier.pk}),
    "awards:dossier_add_lines": get("owner", lambda s: {"pk": s.dossier.pk}),
    # the leader sends its lines up (an empty form: refused with a message, nothing changes)
    "awards:dossier_submit": post("owner_leader", lambda s: {"pk": s.dossier.pk}),
    "awards:record_import_template": get("reviewer,admin"),
}
# fmt: on


# --- The world --------------------------------------------------------------------------------------
def _side(tag: str) -> SimpleNamespace:
    """One side: a board, its cluster (chair, vice-chair, the "own" unit) and objects of every kind."""
    from awards.models import AttachmentKind, RecordExport
    from awards.selectors.decisions import decision_records
    from awards.services.decisions import decision_add_proposals, decision_create, decision_issue
    from awards.services.proposals import attachment_add, proposal_create
    from awards.services.workflow import proposal_approve, proposal_start_review, submission_create
    from emulation.models import Report, ReportKind, ReportStatus, SelfAssessment
    from emulation.services import ballots as ballot_services
    from emulation.services import campaigns as campaign_services
    from emulation.services import scoring as scoring_services
    from emulation.services import signing as signing_services

    board = BoardFactory(name=f"Ban Thi đua - Khen thưởng {tag}")
    reviewer = ReviewerFactory(unit=board, username=f"thamdinh.{tag}")
    group, (chair, vice, unit) = make_group_year(year=YEAR, size=3, organizer=board)
    board.parent = unit  # the board of the "own" unit's province: its accounts are in the board's jurisdiction
    board.save(update_fields=["parent"])
    # names no other object's name contains: the object reads below look for them on pages and in files
    group.name = f"Cụm thi đua {tag}"
    group.save()
    unit.name = f"Sở Thử nghiệm {tag}"
    unit.save()
    for year in (DRAFT_YEAR, OPEN_YEAR, NEW_YEAR):
        for member in Membership.objects.filter(group=group, year=YEAR):
            Membership.objects.create(group=group, unit=member.unit, year=year, role=member.role)
    staff, leader = staff_of(unit), leader_of(unit)

    scoring_round, _units = make_scoring_round(year=YEAR, group=group)
    signed_pledge = scoring_round.pledge
    draft_assessment = SelfAssessment.objects.get(round=scoring_round, unit=unit)
    score_unit(scoring_round, unit, {"1.1": 30}, submit=False)
    criterion_11 = signed_pledge.criteria.get(code="1.1")
    evidence = scoring_services.evidence_add(
        actor=staff,
        assessment=draft_assessment,
        criterion=criterion_11,
        uploaded=SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
    )
    sent_assessment = score_unit(scoring_round, vice, {"1.1": 30, "1.2": 25, "2.1": 20})
    adjustment = scoring_services.adjustment_add(
        actor=staff_of(chair),
        assessment=sent_assessment,
        criterion=signed_pledge.criteria.get(code="3.1"),
        points=1,
        reason="Mô hình mới",
        basis="Công văn số 12/UBND-VX",
    )
    # The chair unit's own sheet, sent: the chair may not verify it (the vice-chair or the organiser does).
    chair_assessment = score_unit(scoring_round, chair, {"1.1": 30, "1.2": 25, "2.1": 20})
    ballot = ballot_services.ballot_open(actor=staff_of(chair), group=group, year=YEAR)

    draft_pledge = make_pledge(group, DRAFT_YEAR)
    open_pledge = make_open_pledge(group, OPEN_YEAR)
    paper_signature = signing_services.pledge_record_paper_signature(
        actor=staff_of(chair),
        pledge=open_pledge,
        version=open_pledge.version,
        unit=vice,
        signer_name="Nguyễn Văn An",
        position="Phó Chủ tịch UBND tỉnh",
        signed_on=timezone.localdate(),
        uploaded=SimpleUploadedFile("trang-ky.pdf", PDF, content_type="application/pdf"),
    )

    report = Report.objects.create(
        kind=ReportKind.GROUP_SUMMARY, group=group, year=YEAR, version=1, is_current=True, status=ReportStatus.DONE
    )
    report.docx.save(f"group-{tag}.docx", ContentFile(b"PK\x03\x04 docx"), save=True)
    rollup = Report.objects.create(
        kind=ReportKind.ROLLUP, organizer=board, year=YEAR, version=1, is_current=True, status=ReportStatus.DONE
    )
    rollup.docx.save(f"rollup-{tag}.docx", ContentFile(b"PK\x03\x04 docx"), save=True)

    campaign = campaign_services.campaign_create(
        actor=reviewer,
        title=f"Phong trào thi đua của ban {tag}",
        authority="provincial_chairman",
        kind="thematic",
        start_date=datetime.date(YEAR, 1, 1),
    )

    person = PersonFactory(unit=unit, full_name=f"Nguyễn Văn {tag}")

    def proposal(nominee):
        return proposal_create(
            actor=staff,
            proposing_unit=unit,
            award_type_code="BANG_KHEN_CAP_TINH",
            year=YEAR,
            nominee_person=nominee,
            source_group=group,
            achievements="Hoàn thành xuất sắc nhiệm vụ.",
            justification="Đơn vị giải trình bằng văn bản.",
        )

    draft_proposal = proposal(person)
    attachment = attachment_add(
        actor=staff,
        proposal=draft_proposal,
        kind=AttachmentKind.values[0],
        uploaded=SimpleUploadedFile("thanh-tich.pdf", PDF),
    )
    submitted_proposal = proposal(PersonFactory(unit=unit, full_name=f"Trần Thị {tag}"))
    approved_proposal = proposal(PersonFactory(unit=unit, full_name=f"Lê Văn {tag}"))
    granted_proposal = proposal(PersonFactory(unit=unit, full_name=f"Phạm Thị {tag}"))
    attach_dossier(submitted_proposal, approved_proposal, granted_proposal)
    submission = submission_create(
        actor=leader,
        proposing_unit=unit,
        year=YEAR,
        number=f"01/TTr-{tag}",
        title="Tờ trình",
        proposals=[submitted_proposal, approved_proposal, granted_proposal],
    )
    for ready in (approved_proposal, granted_proposal):
        proposal_start_review(actor=reviewer, proposal=ready)
        proposal_approve(actor=reviewer, proposal=ready)
    draft_decision = decision_create(actor=reviewer, authority=board, title=f"Dự thảo quyết định của ban {tag}")
    issued_decision = decision_create(actor=reviewer, authority=board, title=f"Quyết định khen thưởng của ban {tag}")
    decision_add_proposals(actor=reviewer, decision=issued_decision, proposals=[granted_proposal])
    decision_issue(actor=reviewer, decision=issued_decision, number=f"99/QĐ-{tag}", date=timezone.localdate())
    issued_decision.refresh_from_db()
    issued_record = decision_records(issued_decision).get()
    for obj in (draft_proposal, submitted_proposal, approved_proposal):
        obj.refresh_from_db()
    record = AwardRecordFactory(
        nominee_person=person, award_type=award_type("BANG_KHEN_CAP_TINH"), decision_number="452/QĐ-TTg"
    )
    collective_record = AwardRecordFactory(  # shown in the unit's award history
        nominee_person=None,
        nominee_unit=unit,
        award_type=award_type("BANG_KHEN_CAP_TINH"),
        decision_number=f"12/QĐ-{tag}",
    )
    # the review steps (issue 18 item 2): a position and a routing line on the board, a declared relation; the
    # board does not run the steps (its reviewer keeps the single reviewer's way)
    staff_position = StaffPosition.objects.create(board=board, user=reviewer, position=Position.SPECIALIST)
    routing_rule = RoutingRule.objects.create(board=board, specialist=reviewer, award_level="ministry_province")
    relation = DeclaredRelation.objects.create(user=reviewer, unit=chair, note="Nguyên là cán bộ")
    # issue 18: a sent and a draft registration of titles, a round, a basic award to decide inside the unit, and a
    # khen cao dossier carrying an approved state-level proposal to the central board
    from awards.models import AwardRound, Dispatch, DispatchItem, Registration, RegistrationEntry

    sent_registration = Registration.objects.create(unit=unit, year=YEAR, recipient=board, status="submitted")
    RegistrationEntry.objects.create(
        registration=sent_registration, award_type=award_type("CSTD_CO_SO"), nominee_person=person
    )
    draft_registration = Registration.objects.create(unit=unit, year=DRAFT_YEAR, recipient=board)
    registration_entry = RegistrationEntry.objects.create(
        registration=draft_registration, award_type=award_type("LAO_DONG_TIEN_TIEN"), nominee_person=person
    )
    round_ = AwardRound.objects.create(
        board=board, year=YEAR, purpose="proposals", title=f"Đợt xét của ban {tag}",
        opens_on=datetime.date(YEAR, 1, 1), due_date=datetime.date(YEAR, 3, 31),
    )  # fmt: skip
    in_unit_proposal = ProposalFactory(
        proposing_unit=unit, award_type=award_type("CSTD_CO_SO"), status="submitted",
        nominee_person=PersonFactory(unit=unit, full_name=f"Đặng Văn {tag}"),
    )  # fmt: skip
    national_proposal = ProposalFactory(
        proposing_unit=unit, award_type=award_type("BANG_KHEN_THU_TUONG"), status="approved",
        nominee_person=PersonFactory(unit=unit, full_name=f"Phan Thị {tag}"),
    )  # fmt: skip
    central, _created = Unit.objects.get_or_create(
        kind="central", name="Ban Thi đua - Khen thưởng Trung ương (ma trận)"
    )
    dispatch = Dispatch.objects.create(
        sender=board, recipient=central, year=YEAR, number=f"99/TTr-{tag}", title="Đề nghị khen cao", sent_by=reviewer
    )
    dispatch_item = DispatchItem.objects.create(dispatch=dispatch, proposal=national_proposal)
    export = RecordExport.objects.create(requested_by=reviewer)
    export.file.save(f"export-{tag}.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=False)
    export.status, export.row_count = "done", 1
    export.save()
    item = draft_pledge.items.order_by("number").first()
    council, session, closed_session, blank = _council_and_blank(tag, board, reviewer, approved_proposal)
    dossier = _kinds_dossier(tag, staff, unit)
    return SimpleNamespace(
        dossier=dossier,
        council=council,
        session=session,
        closed_session=closed_session,
        blank=blank,
        board=board,
        reviewer=reviewer,
        group=group,
        chair=chair,
        unit=unit,
        staff=staff,
        leader=leader,
        person=person,
        campaign=campaign,
        signed_pledge=signed_pledge,
        draft_pledge=draft_pledge,
        open_pledge=open_pledge,
        paper_signature=paper_signature,
        signed_copy=_signed_copy(signed_pledge, staff_of(chair)),
        **_webhook(board, tag),
        **_statistics(board, reviewer, tag),  # stats
        item=item,
        criterion=draft_pledge.criteria.order_by("order", "pk").first(),
        scoring_round=scoring_round,
        draft_assessment=draft_assessment,
        sent_assessment=sent_assessment,
        chair_assessment=chair_assessment,
        evidence=evidence,
        adjustment=adjustment,
        ballot=ballot,
        report=report,
        rollup=rollup,
        draft_proposal=draft_proposal,
        submitted_proposal=submitted_proposal,
        approved_proposal=approved_proposal,
        attachment=attachment,
        record=record,
        collective_record=collective_record,
        export=export,
        staff_position=staff_position,
        routing_rule=routing_rule,
        relation=relation,
        submission=submission,
        draft_decision=draft_decision,
        issued_decision=issued_decision,
        issued_record=issued_record,
        sent_registration=sent_registration,
        draft_registration=draft_registration,
        registration_entry=registration_entry,
        round=round_,
        in_unit_proposal=in_unit_proposal,
        dispatch=dispatch,
        dispatch_item=dispatch_item,
        **_initiatives(tag, unit, person),
    )


def _initiatives(tag, unit, person) -> dict:
    """The initiative register (issue 19 item 2; helper "initiatives"): a provincial initiative of the unit with a
    file, and a Chiến sĩ thi đua cấp tỉnh candidate of the unit without one (the report lists them)."""
    from awards.models import InitiativeFile
    from tests.factories import make_initiative

    initiative = make_initiative(
        person, scope="province", title=f"Sáng kiến của ban {tag}", decision_number=f"7/QĐ-HĐSK-{tag}"
    )
    kept = InitiativeFile(initiative=initiative, original_name="quyet-dinh.pdf", content_type="application/pdf", size=1)
    kept.file.save(f"sang-kien-{tag}.pdf", ContentFile(PDF), save=False)
    kept.save()
    candidate = ProposalFactory(
        proposing_unit=unit, award_type=award_type("CSTD_CAP_TINH"), status="submitted",
        nominee_person=PersonFactory(unit=unit, full_name=f"Vũ Thị {tag}"),
    )  # fmt: skip
    return {"initiative": initiative, "initiative_file": kept, "cstd_candidate": candidate}


def _kinds_dossier(tag, staff, unit):
    """kinds (issue 19): a dossier of the unit with one line, not yet sent up."""
    from awards.services.dossiers import dossier_create

    return dossier_create(
        actor=staff,
        proposing_unit=unit,
        award_type_code="BANG_KHEN_CAP_TINH",
        year=YEAR,
        summary=f"Thành tích chung của hồ sơ {tag}",
        lines=[{"nominee_person": PersonFactory(unit=unit, full_name=f"Vũ Thị Hồ Sơ {tag}")}],
    )


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _council_and_blank(tag, board, reviewer, proposal):
    """The board's award council (its reviewer chairs it) with an open session on the approved proposal and a
    closed one without a quorum; a certificate blank with a scan (issue 17 items 3, 4)."""
    from awards.services import blanks as blank_services
    from awards.services import council as council_services

    today = timezone.localdate()
    council = council_services.council_create(
        actor=reviewer, board=board, name=f"Hội đồng Thi đua - Khen thưởng {tag}",
        term_start=today - datetime.timedelta(days=30), term_end=today + datetime.timedelta(days=365),
    )  # fmt: skip
    council_services.council_member_add(actor=reviewer, council=council, user=reviewer, role="chair")
    session = council_services.session_open(
        actor=reviewer, council=council, title=f"Phiên họp {tag}", held_on=today, mode="list", proposals=[proposal]
    )
    closed = council_services.session_open(
        actor=reviewer, council=council, title=f"Phiên họp cũ {tag}", held_on=today, mode="list", proposals=[proposal]
    )
    council_services.session_close(actor=reviewer, session=closed)
    blank = blank_services.blank_create(actor=reviewer, board=board, kind="bk_individual")
    blank.scan.save(f"phoi-{tag}.png", ContentFile(PNG), save=True)
    return council, session, closed, blank


def build_world(admin_username: str = "quantri.matrix") -> SimpleNamespace:
    """The matrix's two sides and one account per role."""
    ensure_catalogue()
    own, other = _side("mot"), _side("hai")
    users = {
        "staff_own": own.staff,
        "leader_own": own.leader,
        "staff_chair": staff_of(own.chair),
        "leader_chair": leader_of(own.chair),
        "staff_other": other.staff,
        "leader_other": other.leader,
        "reviewer_organiser": own.reviewer,
        "reviewer_other": other.reviewer,
        "board_admin_own": BoardAdminFactory(unit=own.board, username=f"{admin_username}.ban.mot"),
        "board_admin_other": BoardAdminFactory(unit=other.board, username=f"{admin_username}.ban.hai"),
        "admin": AdminFactory(username=admin_username),
    }
    # api (issue 20 item 1): each side's board's token for the token pages, and each role's service account twin
    for side, role in ((own, "board_admin_own"), (other, "board_admin_other")):
        side.api_token, _key = token_create(actor=users[role], name="LGSP ma trận", role="reviewer")
    tokens = {
        role: service_token(role=user.role, unit=user.unit, board=own.board, created_by=users["admin"])
        for role, user in users.items()
    }
    return SimpleNamespace(own=own, other=other, users=users, tokens=tokens)


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("matrix-media"))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    """Both sides and one account per role, built once and rolled back after the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media_root,
            CELERY_TASK_ALWAYS_EAGER=True,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _matrix_media(_plain_http_test_settings, settings, media_root):
    """The world's files live in the module's media folder (conftest gives each test its own)."""
    settings.MEDIA_ROOT = media_root


# --- Helpers ----------------------------------------------------------------------------------------
def _route_names() -> tuple[set[str], set[str], set[str]]:
    """(named routes outside the admin, admin route names, unnamed route patterns) of the URL conf."""
    names, admin_names, unnamed = set(), set(), set()

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else None
                walk(pattern.url_patterns, inner or pattern.namespace or namespace, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                target = admin_names if namespace == "admin" else names
                if pattern.name:
                    target.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                elif namespace != "admin":
                    unnamed.add(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, None, "/")
    return names, admin_names, unnamed


def table_snapshot() -> dict[str, int]:
    """Rows written so far in this transaction, per table (sessions and login throttling aside).

    PostgreSQL counts every insert, update and delete of the current transaction, so a refused
    request that wrote anything, even a row put back as it was, shows up."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE relname NOT LIKE 'django_session%%' AND relname NOT LIKE 'axes_%%'"
        )
        return dict(cursor.fetchall())


def _changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(t for t in after if after[t] != before.get(t, 0))


def _params():
    for name, cases in RULES.items():
        for index, case in enumerate(cases):
            for scope in case.scopes:
                for role in ROLES:
                    label = f"[{case.label}]" if case.label else ""
                    yield pytest.param(name, index, scope, role, id=f"{name}{label}-{scope}-{role}")


def _api_token(client, world, role: str) -> None:
    """The API's routes: the role's service account twin sends its token (none for anonymous)."""
    client.logout()
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    if role in world.tokens:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"


def _request(client, world, case: Case, name: str, scope: str):
    side = {"own": world.own, "other": world.other, "any": world.own}[scope]
    url = reverse(name, kwargs=case.kwargs(side) if case.kwargs else None) + case.query
    data = case.data(side) if case.data else {}
    return url, (client.get(url) if case.method == "GET" else client.post(url, data))


# --- The matrix -------------------------------------------------------------------------------------------
def test_every_route_of_the_url_conf_has_an_authorization_rule():
    names, _admin, unnamed = _route_names()
    missing = sorted(names - set(RULES))
    assert not missing, "\n".join(f"new route {name} has no authorization rule in the matrix" for name in missing)
    stale = sorted(set(RULES) - names)
    assert not stale, f"the matrix has rules for routes that no longer exist: {stale}"
    assert not unnamed, f"routes without a name cannot be given an authorization rule: {sorted(unnamed)}"


@pytest.mark.parametrize("name,index,scope,role", list(_params()))
def test_each_role_gets_exactly_the_access_its_rule_gives(world, db, client, name, index, scope, role):
    case = RULES[name][index]
    user = world.users.get(role)
    if name.startswith("api:"):
        _api_token(client, world, role)
    elif user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    before = table_snapshot() if case.method == "POST" else None
    url, response = _request(client, world, case, name, scope)
    status = response.status_code
    location = response.get("Location", "")
    where = f"{role} {case.method} {url} ({scope} object)"

    if role in case.allowed_roles(scope):
        if case.method == "GET":
            assert status in case.ok, f"{where}: expected {case.ok}, got {status}"
        else:
            assert status not in (403, 404, 405) and status < 500, f"{where}: refused with {status}"
            if case.allow != "public":  # logging out ends on the login page by design
                assert not location.startswith(reverse("login")), f"{where}: sent to the login page"
    elif role == "anonymous" and name.startswith("api:"):
        assert status == 401, f"{where}: {status}"
    elif role == "anonymous":
        assert status == 302 and location.startswith(reverse("login")), f"{where}: {status} {location}"
    elif name.startswith("api:"):  # the API answers a refusal 403, or 404 where the object is not the user's
        assert status in (403, 404), f"{where}: expected 403/404, got {status}"
    elif case.method == "GET":  # an object the user may not read: refused, the same way on every page
        assert status == 403, f"{where}: expected 403, got {status}"
    else:
        assert status in (403, 404), f"{where}: expected 403/404, got {status}"
    if before is not None and role not in case.allowed_roles(scope):
        changed = _changed(before, table_snapshot())
        assert not changed, f"{where}: a refused POST changed rows in {changed}"


# --- The admin: one group, only system admins get in ---------------------------------------------
def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in django_admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


def test_only_system_admins_get_into_the_django_admin(world, db, client):
    _names, admin_names, _unnamed = _route_names()
    assert "admin:index" in admin_names and "admin:login" in admin_names
    urls = _admin_urls()
    assert len(urls) > 10
    client.force_login(world.users["admin"], backend="django.contrib.auth.backends.ModelBackend")
    for url in urls:
        assert client.get(url).status_code == 200, url
    for role in ["anonymous", *LOGGED_IN[:-1]]:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, f"{role} {url}: {response.status_code}"
            assert response["Location"].startswith((reverse("admin:login"), reverse("login"))), f"{role} {url}"


def test_the_rule_table_covers_both_sides_and_every_role():
    """The table is not trivially permissive: each role is refused somewhere and allowed somewhere."""
    params = list(_params())
    assert len(params) > 1000
    for role in LOGGED_IN:
        allowed = [
            p
            for p in params
            if p.values[3] == role and role in RULES[p.values[0]][p.values[1]].allowed_roles(p.values[2])
        ]
        refused = [
            p
            for p in params
            if p.values[3] == role and role not in RULES[p.values[0]][p.values[1]].allowed_roles(p.values[2])
        ]
        assert allowed and refused, role


# --- The refusal check itself, and the holes the matrix found -------------------------------------------
def _login(client, world, role):
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")


def test_the_row_check_sees_what_an_allowed_post_writes(world, db, client):
    """The no-row-changed check of refused POSTs can fail: an allowed comment shows up in it."""
    _login(client, world, "staff_own")
    before = table_snapshot()
    url = reverse("awards:proposal_comment", args=[world.own.submitted_proposal.pk])
    assert client.post(url, {"comment": "Bổ sung minh chứng"}).status_code == 302
    assert "awards_proposalevent" in _changed(before, table_snapshot())


def test_a_board_cannot_edit_a_campaign_another_board_created(world, db, client):
    from django.core.exceptions import PermissionDenied

    from emulation.services.campaigns import campaign_update

    campaign = world.own.campaign
    title = campaign.title
    _login(client, world, "reviewer_other")
    response = client.post(
        reverse("campaigns:update", args=[campaign.pk]),
        {
            "title": "Đổi tên trái phép",
            "authority": campaign.authority,
            "kind": campaign.kind,
            "start_date": "2023-01-01",
        },
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):  # the service refuses too
        campaign_update(actor=world.users["reviewer_other"], campaign=campaign, title="Đổi tên trái phép")
    campaign.refresh_from_db()
    assert campaign.title == title
    _login(client, world, "reviewer_organiser")
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert reverse("campaigns:update", args=[campaign.pk]) in page


def test_a_superuser_neither_votes_signs_nor_scores_for_a_unit(world, db, client):
    """Django lets superusers through every permission; ours keep a unit's own acts for its people."""
    from emulation.models import BallotParticipation, CriterionScore, PledgeSignature

    admin = world.users["admin"]
    assert admin.is_superuser
    own = world.own
    assert not admin.has_perm("emulation.vote_ballot", own.ballot)
    assert not admin.has_perm("emulation.sign_pledge", own.open_pledge)
    assert not admin.has_perm("emulation.edit_assessment", own.draft_assessment)
    assert not admin.has_perm("awards.submit_proposal", own.draft_proposal)
    assert admin.has_perm("emulation.manage_ballot", own.ballot)  # what the rules give admins stays
    assert admin.has_perm("clusters.delete_unit")  # and the Django admin's model permissions
    _login(client, world, "admin")
    question = own.ballot.questions.order_by("order").first()
    votes = client.post(reverse("yearend:ballot_vote", args=[own.ballot.pk]), {f"q{question.pk}": [own.unit.pk]})
    scores = client.post(
        reverse("yearend:assessment_scores", args=[own.draft_assessment.pk]),
        {f"points_{own.signed_pledge.criteria.get(code='1.2').pk}": "20"},
    )
    signing = client.get(reverse("pledges:sign", args=[own.open_pledge.pk]))
    assert (votes.status_code, scores.status_code, signing.status_code) == (403, 403, 403)
    assert not BallotParticipation.objects.filter(ballot=own.ballot).exists()
    assert not CriterionScore.objects.filter(assessment=own.draft_assessment, criterion__code="1.2").exists()
    assert not PledgeSignature.objects.filter(pledge=own.open_pledge, signer=admin).exists()


def test_a_system_admin_without_a_unit_is_refused_the_proposal_form_rather_than_an_error(world, db, client):
    _login(client, world, "admin")
    assert client.get(reverse("awards:proposal_create")).status_code == 403


def test_a_member_asking_to_rerun_a_report_is_refused_and_nothing_changes(world, db, client):
    _login(client, world, "staff_own")
    before = table_snapshot()
    response = client.post(reverse("yearend:report_retry", args=[world.own.report.pk]), follow=True)
    assert "Bạn không có quyền lập báo cáo này." in response.content.decode()
    assert _changed(before, table_snapshot()) == []


def test_bulk_approval_touches_only_proposals_in_the_reviewers_scope(world, db, client):
    from awards.models import ProposalStatus

    own_submitted = world.own.submitted_proposal
    _login(client, world, "reviewer_other")
    before = table_snapshot()
    client.post(reverse("awards:bulk_approve"), {"proposals": [own_submitted.pk]})
    assert _changed(before, table_snapshot()) == []
    own_submitted.refresh_from_db()
    assert own_submitted.status == ProposalStatus.SUBMITTED


def test_lists_show_only_the_users_own_units_or_boards_objects(world, db, client):
    own, other = world.own, world.other
    _login(client, world, "staff_own")
    proposals = client.get(reverse("awards:proposal_list")).content.decode()
    assert own.draft_proposal.nominee_person.full_name in proposals
    assert other.draft_proposal.nominee_person.full_name not in proposals
    people = client.get(reverse("clusters:person_list")).content.decode()
    assert own.person.full_name in people and other.person.full_name not in people
    pledges = client.get(reverse("pledges:list")).content.decode()
    assert own.group.name in pledges and other.group.name not in pledges
    _login(client, world, "reviewer_other")
    queue = client.get(reverse("awards:review_queue")).content.decode()
    assert other.submitted_proposal.nominee_person.full_name in queue
    assert own.submitted_proposal.nominee_person.full_name not in queue


# --- Object reads: what each role reads of the other board's objects (issue 14 item 13) ---------------------
@dataclass(frozen=True)
class Read:
    """An object that a list, a search, a page of another object or a file shows by its name (`text`, from a world
    side), with who may read it (tokens, as in RULES). `kwargs`: the route's object, from the same side."""

    allow: str
    text: Callable[[SimpleNamespace], str]
    query: str = ""
    kwargs: Callable[[SimpleNamespace], dict] | None = None
    document: str = ""  # "xlsx" or "docx": the name is looked for in the file's text
    label: str = ""
    opens: str = ""  # who may open this URL, when it is not the route's rule (tokens)

    def allowed_roles(self, scope: str) -> set[str]:
        return Case(self.allow, kwargs=self.kwargs).allowed_roles(scope)

    def may_open(self, name: str, role: str, scope: str) -> bool:
        case = Case(self.opens, self.kwargs) if self.opens else next(c for c in RULES[name] if c.method == "GET")
        return role in case.allowed_roles(scope)


PERSON = lambda s: s.person.full_name  # noqa: E731
SUBMITTED = lambda s: s.submitted_proposal.nominee_person.full_name  # noqa: E731
GROUP = lambda s: s.group.name  # noqa: E731
DECISION = "?number=452/QĐ-TTg"

# fmt: off
#: Every GET route without an object of its own that some user may open: the objects it shows, or why it shows
#: none of the two boards' objects. Routes of one object are checked by the matrix above (refused for the other
#: side); those that also list other objects (a unit's people) are here too.
READS: dict[str, list[Read] | str] = {
    # a member's pledge to sign and year end to run, the organiser's groups; a system admin's dashboard lists none
    "dashboard": [Read("member,organiser", GROUP, label="pledge to sign or run")],
    "password_change": "the user's own password form",
    "password_change_done": "a confirmation",
    "clusters:group_list": "the registry of clusters and blocs (names, members, chairs) is open to every user",
    "clusters:group_create": "an empty form",
    "clusters:unit_list": "the registry of units is open to every user",
    "clusters:unit_create": "an empty form",
    "clusters:picker_search": [Read("owner,organiser,admin", lambda s: s.unit.name, query=PICKER, label="units")],
    "clusters:unit_detail": [
        Read("owner,organiser,admin", PERSON, kwargs=lambda s: {"pk": s.unit.pk}, label="its people"),
        Read(
            "owner,organiser,admin",
            lambda s: s.collective_record.decision_number,
            kwargs=lambda s: {"pk": s.unit.pk},
            label="its award history",
        ),
    ],
    "clusters:account_list": [
        Read("board_admin,admin", lambda s: s.leader.username, label="accounts"),
        Read("board_admin,admin", lambda s: s.leader.username, query="?q=user", label="search"),
    ],
    "clusters:account_create": [Read("board_admin,admin", lambda s: s.unit.name, label="the units offered")],
    "clusters:webhook_list": [Read("board_admin,admin", lambda s: s.webhook.name, label="receivers")],
    "clusters:webhook_create": "an empty form (the system admin picks among all boards, whose names are public)",
    **{f"clusters:import_{kind}": "an empty upload form" for kind in ("units", "collectives", "people", "accounts")},
    **{
        f"clusters:import_{kind}_template": "a template with an example row, the same for every board"
        for kind in ("units", "collectives", "people", "accounts")
    },
    "clusters:person_list": [
        Read("owner,organiser,admin", PERSON, label="list"),
        Read("owner,organiser,admin", PERSON, query="?q=Nguyen Van", label="search"),
    ],
    "campaigns:list": "campaigns are announced to every unit",
    "campaigns:create": "an empty form",
    "pledges:list": [
        Read("member,organiser,admin", GROUP, label="list"),
        Read("member,organiser,admin", GROUP, query="?q=cum thi dua", label="search"),
    ],
    "yearend:overview": [Read("member,organiser,admin", GROUP)],
    "awards:proposal_list": [Read("owner,organiser,admin", SUBMITTED)],
    "awards:proposal_create": [Read("owner", PERSON, label="the nominees offered")],
    "awards:submission_create": "the leader's own unit's proposals ready to send (checked in tests/awards)",
    "awards:review_queue": [Read("organiser,admin", SUBMITTED)],
    "awards:fairness": [Read("organiser,admin", lambda s: s.unit.name, label="proposing units")],
    "awards:record_list": [
        Read("owner,organiser,admin", PERSON, label="list"),
        Read("owner,organiser,admin", PERSON, query="?q=nguyen van", label="search"),
        Read("organiser,admin", PERSON, query="?format=xlsx", document="xlsx", label="export", opens="reviewer,admin"),
    ],
    "awards:record_import": "an empty form",
    # kinds (issue 19)
    "awards:dossier_list": [Read("owner,organiser,admin", lambda s: s.dossier.summary, label="dossiers")],
    "awards:dossier_create": [Read("owner", PERSON, label="the nominees offered")],
    "awards:record_import_template": "a template with an example row, the same for every board",
    "awards:review_config": "the user's own board's positions and routing lines (checked in tests/awards)",
    "awards:review_relations": "the reviewer's own declared relations (checked in tests/awards)",
    "awards:decision_list": [
        Read("organiser,admin", PERSON, query=DECISION, document="docx", label="docx"),
        Read("organiser,admin", PERSON, query=DECISION + "&format=xlsx", document="xlsx", label="xlsx"),
    ],
    "awards:rule_list": "the law's conditions, the same for every board",
    "awards:council_list": [Read("organiser,admin", lambda s: s.council.name)],
    "awards:blank_list": [Read("organiser,admin", lambda s: reverse("awards:blank_update", args=[s.blank.pk]))],
    "awards:decision_index": [Read("organiser,admin", lambda s: s.issued_decision.title, opens="reviewer,admin")],
    "awards:decision_create": "an empty form (a reviewer drafts for their own board; a system admin picks one)",
    # the units a reviewer may pick (a unit's staff and leader go straight to their own unit's ratings)
    "awards:rating_index": [Read("organiser,admin", lambda s: s.unit.name, opens="reviewer,admin")],
    # issue 18: the registrations of the unit, or those sent to the board; the rounds of the boards over the unit,
    # or the board's own; the dossiers the board sent
    "awards:registration_list": [Read("owner,organiser,admin", lambda s: s.unit.name)],
    "awards:registration_create": "an empty form",
    "awards:round_list": [Read("owner,organiser,admin", lambda s: s.round.title)],
    "awards:round_create": "an empty form",
    "awards:dispatch_list": [Read("organiser,admin", lambda s: s.dispatch.number, opens="reviewer,admin")],
    "awards:dispatch_create": "the board's approved state-level proposals not yet sent (checked in tests/awards)",
    # the initiative register (issue 19 item 2; helper "initiatives")
    "awards:initiative_list": [
        Read("owner,organiser,admin", lambda s: s.initiative.title, label="list"),
        Read("owner,organiser,admin", lambda s: s.initiative.title, query="?q=sang kien cua ban", label="search"),
    ],
    "awards:initiative_create": "the units the user enters initiatives for (the unit register is public)",
    "awards:initiative_import": "an empty upload form",
    "awards:initiative_import_template": "a template with an example row, the same for every user",
    "awards:initiative_report": [
        Read("owner,organiser,admin", lambda s: s.cstd_candidate.nominee_person.full_name, query="?year=2023"),
        Read("owner,organiser,admin", lambda s: s.cstd_candidate.nominee_person.full_name,
             query="?year=2023&format=xlsx", document="xlsx", label="xlsx"),
    ],
    # --- api (issue 20 item 1) ---------------------------------------------------------------------------------
    "api_docs": "the API's reference, the same for every user",
    "clusters:token_list": [Read("board_admin,admin", lambda s: s.api_token.prefix)],
    "clusters:token_create": "an empty form (the system admin picks among all boards, whose names are public)",
    "api:schema": "the API's schema, the same for every user",
    "api:units": "the registry of units is open to every user",
    "api:groups": "the registry of clusters and blocs is open to every user",
    "api:award_types": "the catalogue, the same for every board",
    "api:rule_sets": "the law's conditions, the same for every board",
    "api:award_records": [Read("owner,organiser,admin", PERSON)],
    "api:decisions": [Read("organiser,admin", lambda s: s.issued_decision.title, opens="reviewer,admin")],
    "api:proposals": [Read("owner,organiser,admin", SUBMITTED)],
    "api:pledges": [Read("member,organiser,admin", GROUP)],
}
# fmt: on


def _document_text(content: bytes, kind: str) -> str:
    import io

    if kind == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value
        )
    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def _read_params():
    for name, reads in READS.items():
        if isinstance(reads, str):
            continue
        for index, read in enumerate(reads):
            for role in LOGGED_IN:
                label = f"[{read.label}]" if read.label else ""
                yield pytest.param(name, index, role, id=f"{name}{label}-{role}")


def test_every_list_route_says_which_objects_it_shows():
    """A new page without an object of its own must say what it lists, or why it lists none of a board's objects."""
    lists = {
        name
        for name, cases in RULES.items()
        for case in cases
        if case.method == "GET" and not case.kwargs and case.allow != "public"
    }
    missing = sorted(lists - set(READS))
    assert not missing, f"list routes without an entry in READS (what they show, who may read it): {missing}"
    assert not set(READS) - set(RULES), sorted(set(READS) - set(RULES))


@pytest.mark.parametrize("name,index,role", list(_read_params()))
def test_each_role_reads_only_the_objects_of_its_own_scope(world, db, client, name, index, role):
    """On each list, search and file, the objects of each side show exactly to the roles the read rule gives:
    a board's reviewer does not find the other board's people, pledges, proposals or records there."""
    read = READS[name][index]
    if name.startswith("api:"):
        _api_token(client, world, role)
    else:
        client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    sides = [("own", world.own), ("other", world.other)]
    pages = {}
    for scope, side in sides if read.kwargs else sides[:1]:
        url = reverse(name, kwargs=read.kwargs(side) if read.kwargs else None) + read.query
        response = client.get(url)
        if response.status_code in (302, 403, 404):  # the route refuses the role: the matrix checks it
            assert not read.may_open(name, role, scope if read.kwargs else "any"), f"{role} {url}: refused"
            pages[scope] = None
            continue
        assert response.status_code == 200 and read.may_open(name, role, scope if read.kwargs else "any"), (
            f"{role} {url}: {response.status_code}"
        )
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[scope] = _document_text(body, read.document) if read.document else body.decode()
    for scope, side in sides:
        page = pages.get(scope, pages.get("own"))
        if page is None:
            continue
        text = read.text(side)
        where = f"{role} on {name} {read.label}: {text!r} ({scope} side)"
        if role in read.allowed_roles(scope):
            assert text in page, f"{where} is missing"
        else:
            assert text not in page, f"{where} is shown to a role that may not read it"


def test_a_large_records_export_holds_only_the_records_its_requester_reads(world, db):
    """The Celery task builds the file for the reviewer who asked: the other board's records stay out of it."""
    from awards.models import RecordExport
    from awards.services.exports import record_export_build

    export = RecordExport.objects.create(requested_by=world.users["reviewer_other"])
    record_export_build(export_id=export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        text = _document_text(handle.read(), "xlsx")
    assert world.other.person.full_name in text
    assert world.own.person.full_name not in text


def test_a_groups_audit_history_is_shown_to_its_organising_board_only(world, db, client):
    from clusters.services.audit import record_audit

    group = world.own.group
    record_audit(actor=None, action="group.update", target=group, summary="Đổi tên cụm thi đua (kiểm tra)")
    url = reverse("clusters:group_detail", args=[group.pk])
    for role, shown in [("reviewer_organiser", True), ("admin", True), ("reviewer_other", False), ("staff_own", False)]:
        _login(client, world, role)
        page = client.get(url).content.decode()
        assert ("Đổi tên cụm thi đua (kiểm tra)" in page) is shown, role
