"""Two people, two tabs, two clicks at once (issue 14 items 19 and 20).

- Every edit form is opened by two clients; the first saves, the second is told that someone saved in between,
  with both versions of what differs, and nothing of it is saved until it saves again knowingly.
- Every creating form sent twice (the back button, a double click) creates one object; the repeat goes to it
  with "Đã lưu trước đó".
- Parallel requests (threads, each with its own database connection, writes committed): covering submissions
  with the same number, the same submission twice, four approvals of one proposal: one wins, the others get
  a Vietnamese message, never a 500 or a 403.
"""

from __future__ import annotations

import datetime
import html
import inspect
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django import forms as django_forms
from django.db import connection
from django.test import Client
from django.urls import get_resolver, reverse

from awards.models import (
    AwardRound,
    PerformanceRating,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Registration,
    Submission,
)
from awards.services.proposals import proposal_create
from awards.services.workflow import proposal_start_review, submission_create
from clusters.models import EmulationGroup, MemberRole, Membership, Person, Unit, UnitKind, User
from emulation.models import Campaign, CriterionScore, PledgeItem, ScoringCriterion, SelfAssessment, TargetResult
from tests.factories import (
    AdminFactory,
    BoardAdminFactory,
    BoardFactory,
    CampaignFactory,
    LeaderFactory,
    PersonFactory,
    ReviewerFactory,
    attach_dossier,
    award_type,
    leader_of,
    make_group_year,
    make_pledge,
    make_scoring_round,
    score_unit,
    staff_of,
)

CONFLICT = "Người khác đã sửa bản ghi này"
ALREADY_SAVED = "Đã lưu trước đó"


# --- A browser's view of a form ---------------------------------------------------------------------------
class _FormReader(HTMLParser):
    """The fields a browser would send for the POST form whose action is `action` (checked boxes only, the
    selected options, textareas' text)."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.data = action, False, []
        self._select = self._textarea = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("method") or "").lower() == "post" and (attrs.get("action") or "") in (
                self.action,
                "",
            )
            if self.inside and self.data and (attrs.get("action") or "") == "":
                self.inside = False  # the first matching form only
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, action: str) -> dict:
    reader = _FormReader(action)
    reader.feed(html)
    data: dict = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    assert data, f"no form posting to {action} on the page"
    return data


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _new_proposal(**fields):
    award_type("BANG_KHEN_CAP_TINH")  # the law's catalogue, loaded on first use
    return proposal_create(**fields)


# --- Every edit form: two clients ---------------------------------------------------------------------------
@dataclass
class Edit:
    """An edit form: who opens it where, which field the two clients change, how to read it back."""

    user: object
    page: str  # the page holding the form
    action: str  # where the form posts
    field: str
    read: object  # () -> the stored value
    values: tuple = ("Bản của người thứ nhất", "Bản của người thứ hai")  # what the first and the second enter
    shown: tuple = ()  # how the page shows them (default: as entered)


def _unit_edit():
    unit = Unit.objects.create(name="Tỉnh Thử Nghiệm", short_name="Thử Nghiệm", kind="province")
    url = reverse("clusters:unit_update", args=[unit.pk])
    return Edit(AdminFactory(), url, url, "name", lambda: Unit.objects.get(pk=unit.pk).name)


def _group_edit():
    group, _units = make_group_year(year=2023)
    url = reverse("clusters:group_update", args=[group.pk])
    return Edit(AdminFactory(), url, url, "name", lambda: EmulationGroup.objects.get(pk=group.pk).name)


def _person_edit():
    person = PersonFactory(full_name="Nguyễn Văn An")
    url = reverse("clusters:person_update", args=[person.pk])
    return Edit(staff_of(person.unit), url, url, "full_name", lambda: Person.objects.get(pk=person.pk).full_name)


def _campaign_edit():
    campaign = CampaignFactory()
    url = reverse("campaigns:update", args=[campaign.pk])
    return Edit(AdminFactory(), url, url, "title", lambda: Campaign.objects.get(pk=campaign.pk).title)


def _draft_pledge():
    group, units = make_group_year(year=2024)
    return make_pledge(group, 2024), staff_of(units[0])


def _pledge_edit():
    pledge, chair_staff = _draft_pledge()
    url = reverse("pledges:update", args=[pledge.pk])
    return Edit(chair_staff, url, url, "title", lambda: type(pledge).objects.get(pk=pledge.pk).title)


def _item_edit():
    pledge, chair_staff = _draft_pledge()
    item = pledge.items.order_by("number").first()
    url = reverse("pledges:item_update", args=[pledge.pk, item.pk])
    return Edit(chair_staff, url, url, "body", lambda: PledgeItem.objects.get(pk=item.pk).body)


def _criterion_edit():
    pledge, chair_staff = _draft_pledge()
    criterion = pledge.criteria.order_by("order", "pk").first()
    url = reverse("pledges:criterion_update", args=[pledge.pk, criterion.pk])
    return Edit(chair_staff, url, url, "title", lambda: ScoringCriterion.objects.get(pk=criterion.pk).title)


def _proposal_edit():
    group, units = make_group_year(year=2023)
    person = PersonFactory(unit=units[2])
    proposal = _new_proposal(
        actor=staff_of(units[2]),
        proposing_unit=units[2],
        award_type_code="BANG_KHEN_CAP_TINH",
        year=2023,
        nominee_person=person,
        source_group=group,
        achievements="Hoàn thành xuất sắc nhiệm vụ.",
    )
    url = reverse("awards:proposal_update", args=[proposal.pk])
    return Edit(staff_of(units[2]), url, url, "achievements", lambda: Proposal.objects.get(pk=proposal.pk).achievements)


def _assessment():
    scoring_round, units = make_scoring_round(year=2023)
    return scoring_round, units, SelfAssessment.objects.get(round=scoring_round, unit=units[2])


def _scores_edit():
    scoring_round, units, assessment = _assessment()
    criterion = scoring_round.pledge.criteria.order_by("order", "pk").first()
    return Edit(
        staff_of(units[2]),
        reverse("yearend:assessment", args=[assessment.pk]),
        reverse("yearend:assessment_scores", args=[assessment.pk]),
        f"justification_{criterion.pk}",
        lambda: CriterionScore.objects.get(assessment=assessment, criterion=criterion).justification,
    )


def _results_edit():
    scoring_round, units, assessment = _assessment()
    target = (
        scoring_round.pledge.items.order_by("number").first().targets.order_by("order").first()
    )  # the sample pledge's first target
    return Edit(
        staff_of(units[2]),
        reverse("yearend:assessment", args=[assessment.pk]),
        reverse("yearend:assessment_results", args=[assessment.pk]),
        f"note_{target.pk}",
        lambda: TargetResult.objects.get(assessment=assessment, target=target).note,
    )


def _verify_edit():
    scoring_round, units = make_scoring_round(year=2023)
    assessment = score_unit(scoring_round, units[2], {"1.1": 30, "1.2": 25, "2.1": 20})
    score = assessment.scores.get(criterion__code="1.1")
    return Edit(
        staff_of(units[0]),
        reverse("yearend:assessment", args=[assessment.pk]),
        reverse("yearend:assessment_verify_scores", args=[assessment.pk]),
        f"reason_{score.pk}",
        lambda: CriterionScore.objects.get(pk=score.pk).adjustment_reason,
    )


def _members_edit():
    central = BoardFactory(kind=UnitKind.CENTRAL)  # enrols any unit (a provincial board: its province's only)
    group, units = make_group_year(year=2023, size=4, organizer=central)
    url = reverse("clusters:group_members", args=[group.pk, 2023])
    return Edit(
        AdminFactory(),
        url,
        url,
        "vice_chair",
        lambda: str(Membership.objects.get(group=group, year=2023, role=MemberRole.VICE_CHAIR).unit_id),
        values=(str(units[2].pk), str(units[3].pk)),
        shown=(str(units[2]), str(units[3])),
    )


def _ratings_edit():
    person = PersonFactory(full_name="Lê Thị Cúc")
    url = reverse("awards:rating_unit", args=[person.unit.pk, 2024])
    return Edit(
        staff_of(person.unit),
        url,
        url,
        f"note_{person.pk}",
        lambda: PerformanceRating.objects.get(person=person, year=2024).note,
    )


def _blank_edit():
    from awards.models import Blank
    from awards.services.blanks import blank_create

    reviewer = ReviewerFactory()
    blank = blank_create(actor=reviewer, board=reviewer.unit, kind="bk_individual")
    url = reverse("awards:blank_update", args=[blank.pk])
    return Edit(reviewer, url, url, "place", lambda: Blank.objects.get(pk=blank.pk).place)


#: Every edit form of the app, by the route it posts to. `test_every_edit_route_is_in_the_conflict_test` checks
#: this against the URL conf: a new edit page must come here, with its two-client test.
def _account_edit():
    leader = LeaderFactory(position="Chủ tịch")
    url = reverse("clusters:account_update", args=[leader.pk])
    return Edit(AdminFactory(), url, url, "position", lambda: User.objects.get(pk=leader.pk).position)


def _webhook_edit():
    from clusters.services.webhooks import receiver_create

    admin = BoardAdminFactory(unit=BoardFactory())
    receiver = receiver_create(actor=admin, name="LGSP tỉnh", url="https://1.1.1.1/lgsp", events=["pledge.sealed"])
    url = reverse("clusters:webhook_update", args=[receiver.pk])
    return Edit(admin, url, url, "name", lambda: type(receiver).objects.get(pk=receiver.pk).name)


def _review_config_edit():
    from awards.models import ReviewConfig
    from awards.services.review import review_config_save

    board = BoardFactory()
    admin = BoardAdminFactory(unit=board)
    config = review_config_save(actor=admin, board=board, enabled=False)
    url = reverse("awards:review_config")
    return Edit(
        admin,
        url,
        url,
        "assessment_days",
        lambda: str(ReviewConfig.objects.get(pk=config.pk).assessment_days),
        values=("5", "9"),
    )


def _decision_edit():
    from awards.services.decisions import decision_create

    board = BoardFactory()
    reviewer = ReviewerFactory(unit=board)
    decision = decision_create(actor=reviewer, authority=board, title="Về việc tặng Bằng khen")
    url = reverse("awards:decision_update", args=[decision.pk])
    return Edit(reviewer, url, url, "signer_name", lambda: type(decision).objects.get(pk=decision.pk).signer_name)


# --- stats: the register of TĐKT bodies and staff, the manual cells of a statistics form ------------------------
def _tdkt_world():
    from clusters.models import StaffMember, TdktBody

    province = Unit.objects.create(kind=UnitKind.PROVINCE, name="Tỉnh Thử Thống Kê")
    board = BoardFactory(parent=province)
    body = TdktBody.objects.create(unit=board, level="province", form="separate")
    member = StaffMember.objects.create(
        body=body, full_name="Nguyễn Thị Hoa", gender="female", birth_year=1988, education="master", started_year=2012
    )
    return province, board, body, member


def _tdkt_body_edit():
    from clusters.models import TdktBody

    _province, board, body, _member = _tdkt_world()
    url = reverse("clusters:tdkt_body_update", args=[body.pk])
    return Edit(
        ReviewerFactory(unit=board),
        url,
        url,
        "level",
        lambda: TdktBody.objects.get(pk=body.pk).level,
        values=("department", "commune"),
        shown=("Sở, ban, ngành cấp tỉnh", "Xã, phường, đặc khu"),
    )


def _tdkt_staff_edit():
    from clusters.models import StaffMember

    _province, board, _body, member = _tdkt_world()
    url = reverse("clusters:tdkt_staff_update", args=[member.pk])
    return Edit(
        ReviewerFactory(unit=board), url, url, "position", lambda: StaffMember.objects.get(pk=member.pk).position
    )


def _stat_sheet_edit():
    from emulation.models import StatForm, StatSheet
    from emulation.services.statistics import ensure_stat_forms

    ensure_stat_forms()
    _province, board, _body, _member = _tdkt_world()
    sheet = StatSheet.objects.create(form=StatForm.objects.get(code="0601"), board=board, year=2024)
    url = reverse("statistics:sheet_edit", args=[sheet.pk])
    read = lambda: str(StatSheet.objects.get(pk=sheet.pk).manual_values.get("16|1"))  # noqa: E731
    return Edit(ReviewerFactory(unit=board), url, url, "c_16_1", read, values=("7", "9"))


def _initiative_edit():  # the initiative register (issue 19 item 2; helper "initiatives")
    from awards.models import Initiative
    from tests.factories import make_initiative

    person = PersonFactory(full_name="Nguyễn Văn An")
    initiative = make_initiative(person, title="Sáng kiến thử")
    url = reverse("awards:initiative_update", args=[initiative.pk])
    return Edit(staff_of(person.unit), url, url, "title", lambda: Initiative.objects.get(pk=initiative.pk).title)


EDITS = {
    "clusters:webhook_update": _webhook_edit,
    "awards:review_config": _review_config_edit,
    "awards:decision_update": _decision_edit,
    "clusters:account_update": _account_edit,
    "clusters:unit_update": _unit_edit,
    "clusters:group_update": _group_edit,
    "clusters:person_update": _person_edit,
    "campaigns:update": _campaign_edit,
    "pledges:update": _pledge_edit,
    "pledges:item_update": _item_edit,
    "pledges:criterion_update": _criterion_edit,
    "awards:proposal_update": _proposal_edit,
    "yearend:assessment_scores": _scores_edit,
    "yearend:assessment_results": _results_edit,
    "yearend:assessment_verify_scores": _verify_edit,
    "clusters:group_members": _members_edit,
    "awards:rating_unit": _ratings_edit,
    "awards:blank_update": _blank_edit,
    # stats
    "clusters:tdkt_body_update": _tdkt_body_edit,
    "clusters:tdkt_staff_update": _tdkt_staff_edit,
    "statistics:sheet_edit": _stat_sheet_edit,
    "awards:initiative_update": _initiative_edit,
}

#: Edit forms on routes without "sua" in their path: the scoring sheets, a group's members in a year (a set of
#: rows, versioned by a digest of the set), a unit's ratings in a year (likewise).
OTHER_EDIT_ROUTES = {
    "awards:review_config",  # a board's review steps (issue 18 item 2)
    "yearend:assessment_scores",
    "yearend:assessment_results",
    "yearend:assessment_verify_scores",
    "clusters:group_members",
    "awards:rating_unit",
    "statistics:sheet_edit",  # stats: a board's manual cells of a statistics form for a year
}


def _with(data: dict, field: str, value: str) -> dict:
    changed = dict(data)
    changed[field] = [value]
    if field.startswith("reason_"):  # the chair's reason goes with changed points
        points = field.replace("reason_", "verified_")
        changed[points] = ["25"]
    if field.startswith("note_"):  # a result needs its value
        changed[field.replace("note_", "actual_")] = ["10"]
    if field.startswith("note_") and "level_" + field.removeprefix("note_") in data:  # a rating's note
        changed.pop(field.replace("note_", "actual_"))
        changed["level_" + field.removeprefix("note_")] = ["good"]
    if field.startswith("justification_"):
        changed[field.replace("justification_", "points_")] = ["10"]
    return changed


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(EDITS))
def test_the_second_of_two_people_editing_the_same_record_is_told_and_overwrites_nothing(route):
    edit = EDITS[route]()
    first, second = signed_in(edit.user), signed_in(edit.user)  # two tabs, or two people of the unit
    first_data = form_data(first.get(edit.page).content.decode(), edit.action)
    second_data = form_data(second.get(edit.page).content.decode(), edit.action)

    first_value, second_value = edit.values
    first_shown, second_shown = edit.shown or edit.values

    saved = first.post(edit.action, _with(first_data, edit.field, first_value))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert edit.read() == first_value

    refused = second.post(edit.action, _with(second_data, edit.field, second_value))
    page = html.unescape(refused.content.decode())
    assert refused.status_code in (200, 400)
    assert CONFLICT in page
    assert f"Bản của bạn: {second_shown}" in page
    assert f"Bản đang lưu: {first_shown}" in page
    assert edit.read() == first_value  # the first save did not vanish

    # The page shown again carries the saved version: saving it again is a knowing overwrite.
    again = second.post(edit.action, form_data(refused.content.decode(), edit.action))
    assert again.status_code == 302
    assert edit.read() == second_value


def _route_paths() -> dict[str, str]:
    """Every named route of the URL conf with its path pattern."""
    paths = {}

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif pattern.name:
                paths[f"{namespace}{pattern.name}"] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns)
    return paths


def test_every_edit_route_is_in_the_conflict_test():
    """An edit page (a path ending in …/sua/, "edit") or a scoring sheet without a two-client test fails here."""
    paths = _route_paths()
    edit_routes = {name for name, path in paths.items() if path.rstrip("/").endswith("/sua")} | OTHER_EDIT_ROUTES
    assert edit_routes - set(EDITS) == set(), "edit routes without a two-client conflict test"
    assert set(EDITS) - set(paths) == set(), "conflict tests for routes that no longer exist"


def test_every_model_form_that_edits_a_saved_record_carries_its_version():
    """Every ModelForm of the apps' forms modules (and the scoring sheets) is a VersionedFormMixin."""
    import importlib
    import pkgutil

    from clusters.web import VersionedFormMixin

    forms_found = []
    for app in ("clusters", "awards", "emulation"):
        package = importlib.import_module(f"{app}.forms")
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{app}.forms.{module_info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, django_forms.ModelForm):
                    forms_found.append(cls)
    assert forms_found
    missing = [cls.__qualname__ for cls in forms_found if not issubclass(cls, VersionedFormMixin)]
    assert not missing, f"model forms without a version: {missing}"


# --- Creating forms sent twice --------------------------------------------------------------------------------
@dataclass
class Create:
    user: object
    url: str
    data: dict
    count: object  # () -> how many such objects exist
    page: str = ""  # where the form is shown, when it is not `url`


def _item_create():
    pledge, chair_staff = _draft_pledge()
    return Create(
        chair_staff,
        reverse("pledges:item_add", args=[pledge.pk]),
        {
            "title": "Chuyển đổi số",
            "body": "Đẩy mạnh chuyển đổi số.",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        },
        lambda: PledgeItem.objects.filter(pledge=pledge).count(),
    )


def _criterion_create():
    pledge, chair_staff = _draft_pledge()
    return Create(
        chair_staff,
        reverse("pledges:criterion_add", args=[pledge.pk]),
        {"section": "I", "code": "9.9", "title": "Tiêu chí mới", "max_points": "5", "kind": "criterion", "order": "9"},
        lambda: ScoringCriterion.objects.filter(pledge=pledge).count(),
    )


def _person_create():
    unit = Unit.objects.create(name="Sở Thử Nghiệm", kind="agency")
    return Create(
        staff_of(unit),
        reverse("clusters:person_create", args=[unit.pk]),
        {"full_name": "Trần Thị Bình", "position": "Chuyên viên", "category": "direct_worker", "is_active": "on"},
        lambda: Person.objects.filter(unit=unit).count(),
    )


def _comment_create():
    group, units = make_group_year(year=2023)
    proposal = _new_proposal(
        actor=staff_of(units[2]),
        proposing_unit=units[2],
        award_type_code="BANG_KHEN_CAP_TINH",
        year=2023,
        nominee_person=PersonFactory(unit=units[2]),
        source_group=group,
        achievements="Hoàn thành xuất sắc nhiệm vụ.",
    )
    return Create(
        staff_of(units[2]),
        reverse("awards:proposal_comment", args=[proposal.pk]),
        {"comment": "Đề nghị bổ sung biên bản họp."},
        lambda: ProposalEvent.objects.filter(proposal=proposal, action="comment").count(),
        page=reverse("awards:proposal_detail", args=[proposal.pk]),
    )


def _unit_create():
    return Create(
        AdminFactory(),
        reverse("clusters:unit_create"),
        {"kind": "agency", "name": "Sở Mới Thành Lập", "short_name": "", "code": ""},
        lambda: Unit.objects.filter(name="Sở Mới Thành Lập").count(),
    )


def _campaign_create():
    return Create(
        AdminFactory(),
        reverse("campaigns:create"),
        {"title": "Phong trào thử", "authority": "provincial_chairman", "kind": "thematic", "start_date": "01/01/2025"},
        lambda: Campaign.objects.filter(title="Phong trào thử").count(),
    )


def _group_create():
    board = BoardFactory()
    return Create(
        ReviewerFactory(unit=board),
        reverse("clusters:group_create"),
        {"kind": "bloc", "name": "Khối thi đua thử", "short_name": "", "description": ""},
        lambda: EmulationGroup.objects.filter(name="Khối thi đua thử").count(),
    )


def _adjustment_create():
    scoring_round, units = make_scoring_round(year=2023)
    assessment = score_unit(scoring_round, units[2], {"1.1": 30, "1.2": 25, "2.1": 20})
    bonus_row = scoring_round.pledge.criteria.get(code="3.1")  # the pledge's bonus row: points go under it
    return Create(
        staff_of(units[0]),
        reverse("yearend:adjustment_add", args=[assessment.pk]),
        {"criterion": str(bonus_row.pk), "points": "1", "reason": "Mô hình mới", "basis": "Quyết định 12/QĐ-UBND"},
        lambda: assessment.adjustments.count(),
        page=reverse("yearend:assessment", args=[assessment.pk]),
    )


def _signed_copy_create():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from clusters import writers
    from clusters.models import SignedCopy
    from tests.factories import make_signed_pledge

    group, units = make_group_year(year=2023, size=3)
    pledge = make_signed_pledge(group)
    signed = writers.pdf("<p>Giao ước thi đua năm 2023</p>", signed=True)

    class Resent(SimpleUploadedFile):
        """The same file sent again, as a browser does on a double click or "send again"."""

        def read(self, *args):
            self.seek(0)
            return super().read(*args)

    return Create(
        staff_of(units[0]),
        reverse("pledges:signed_copy_add", args=[pledge.pk]),
        {"file": Resent("giao-uoc-da-ky.pdf", signed, content_type="application/pdf")},
        lambda: SignedCopy.objects.filter(target_id=pledge.pk).count(),
    )


def _webhook_create():
    from clusters.models import WebhookReceiver

    return Create(
        BoardAdminFactory(unit=BoardFactory()),
        reverse("clusters:webhook_create"),
        {"name": "LGSP tỉnh", "url": "https://1.1.1.1/lgsp", "events": ["pledge.sealed"]},
        lambda: WebhookReceiver.objects.filter(name="LGSP tỉnh").count(),
    )


def _council_create():
    from awards.models import Council

    return Create(
        ReviewerFactory(),
        reverse("awards:council_list"),
        {"name": "Hội đồng thử", "term_start": "01/01/2025", "term_end": "31/12/2029"},
        lambda: Council.objects.filter(name="Hội đồng thử").count(),
    )


def _blank_create():
    from awards.models import Blank

    return Create(
        ReviewerFactory(),
        reverse("awards:blank_list"),
        {"kind": "gk_collective", "paper": "a3_landscape"},
        lambda: Blank.objects.filter(kind="gk_collective").count(),
    )


def _relation_create():
    from awards.models import DeclaredRelation

    reviewer = ReviewerFactory(unit=BoardFactory())
    unit = Unit.objects.create(name="Sở Xây dựng thử", kind="agency")
    return Create(
        reviewer,
        reverse("awards:review_relations"),
        {"unit": str(unit.pk), "note": "Vợ công tác tại Sở"},
        lambda: DeclaredRelation.objects.filter(user=reviewer).count(),
    )


def _decision_create():
    from awards.models import Decision

    board = BoardFactory()
    return Create(
        ReviewerFactory(unit=board),
        reverse("awards:decision_create"),
        {"authority": str(board.pk), "title": "Quyết định thử", "place": "Hà Nội"},
        lambda: Decision.objects.filter(title="Quyết định thử").count(),
    )


def _round_create():
    board = BoardFactory()
    return Create(
        ReviewerFactory(unit=board),
        reverse("awards:round_create"),
        {"title": "Đợt xét thử", "year": "2025", "purpose": "proposals", "kind": "annual", "opens_on": "01/01/2025",
         "due_date": "31/03/2025", "note": ""},
        lambda: AwardRound.objects.filter(title="Đợt xét thử").count(),
    )  # fmt: skip


def _registration_entry_create():
    from awards.services.catalogue import ensure_catalogue

    types = ensure_catalogue()
    province = Unit.objects.create(kind=UnitKind.PROVINCE, name="Tỉnh Thử Đăng Ký")
    board = BoardFactory(parent=province)
    unit = Unit.objects.create(kind=UnitKind.AGENCY, name="Sở Thử Đăng Ký", parent=province)
    person = PersonFactory(unit=unit)
    registration = Registration.objects.create(unit=unit, year=2025, recipient=board)
    return Create(
        staff_of(unit),
        reverse("awards:registration_entry_add", args=[registration.pk]),
        {"award_type": str(types["CSTD_CO_SO"].pk), "nominee_person": str(person.pk), "nominee_unit": "",
         "planned_initiative": "Sáng kiến thử"},
        lambda: registration.entries.count(),
        page=reverse("awards:registration_detail", args=[registration.pk]),
    )  # fmt: skip


# stats
def _tdkt_body_create():
    from clusters.models import TdktBody

    province, board, _body, _member = _tdkt_world()
    department = Unit.objects.create(kind=UnitKind.AGENCY, name="Sở Thử Thống Kê", parent=province)
    return Create(
        ReviewerFactory(unit=board),
        reverse("clusters:tdkt_body_create", args=[board.pk]),
        {"unit": str(department.pk), "level": "department", "form": "within", "established_year": ""},
        lambda: TdktBody.objects.filter(unit=department).count(),
    )


def _tdkt_staff_create():
    from clusters.models import StaffMember

    _province, board, body, _member = _tdkt_world()
    return Create(
        ReviewerFactory(unit=board),
        reverse("clusters:tdkt_staff_create", args=[board.pk]),
        {"body": str(body.pk), "full_name": "Trần Văn Bình", "gender": "male", "birth_year": "1990",
         "position": "", "education": "bachelor", "started_year": "2015", "left_year": ""},
        lambda: StaffMember.objects.filter(full_name="Trần Văn Bình").count(),
    )  # fmt: skip


def _initiative_create():  # the initiative register (issue 19 item 2; helper "initiatives")
    from awards.models import Initiative

    person = PersonFactory(full_name="Nguyễn Văn An")
    url = reverse("awards:initiative_create") + f"?don_vi={person.unit_id}"
    return Create(
        staff_of(person.unit),
        url,
        {"title": "Sáng kiến thử", "field": "", "recognising_body": "", "recognising_body_name": "Hội đồng sáng kiến",
         "decision_number": "1/QĐ", "decision_date": "15/11/2023", "scope": "province", "description": "",
         "tac_gia-TOTAL_FORMS": "1", "tac_gia-INITIAL_FORMS": "0", "tac_gia-MIN_NUM_FORMS": "0",
         "tac_gia-MAX_NUM_FORMS": "30", "tac_gia-0-person": str(person.pk), "tac_gia-0-share": "100"},
        lambda: Initiative.objects.filter(title="Sáng kiến thử").count(),
    )  # fmt: skip


def _token_create():  # api (issue 20 item 1): a service account and its token, once per form sent
    from clusters.models import ApiToken

    return Create(
        BoardAdminFactory(unit=BoardFactory()),
        reverse("clusters:token_create"),
        {"name": "LGSP tỉnh thử", "role": "reviewer", "unit": ""},
        lambda: ApiToken.objects.filter(name="LGSP tỉnh thử").count(),
    )


# kinds (issue 19): a dossier with many nominees, made with its lines on one page
def _dossier_create():
    from awards.models import Dossier

    award = award_type("BANG_KHEN_CAP_TINH")
    unit = Unit.objects.create(kind=UnitKind.AGENCY, name="Sở Thử Hồ Sơ")
    people = [PersonFactory(unit=unit) for _ in range(2)]
    return Create(
        staff_of(unit),
        reverse("awards:dossier_create"),
        {"award_type": str(award.pk), "year": "2024", "kind": "annual", "summary": "Thành tích chung",
         "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0",
         "lines-0-nominee_person": str(people[0].pk), "lines-1-nominee_person": str(people[1].pk)},
        lambda: Dossier.objects.filter(proposing_unit=unit).count(),
    )  # fmt: skip


CREATES = {
    "clusters:token_create": _token_create,
    "clusters:webhook_create": _webhook_create,
    "pledges:signed_copy_add": _signed_copy_create,
    "awards:council_list": _council_create,
    "awards:blank_list": _blank_create,
    "awards:review_relations": _relation_create,
    "awards:decision_create": _decision_create,
    "awards:round_create": _round_create,
    "awards:registration_entry_add": _registration_entry_create,
    "awards:initiative_create": _initiative_create,
    "clusters:group_create": _group_create,
    "yearend:adjustment_add": _adjustment_create,
    "pledges:item_add": _item_create,
    "pledges:criterion_add": _criterion_create,
    "clusters:person_create": _person_create,
    "awards:proposal_comment": _comment_create,
    "clusters:unit_create": _unit_create,
    "campaigns:create": _campaign_create,
    # stats
    "clusters:tdkt_body_create": _tdkt_body_create,
    "clusters:tdkt_staff_create": _tdkt_staff_create,
    "awards:dossier_create": _dossier_create,  # kinds (issue 19)
}


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(CREATES))
def test_a_creating_form_sent_twice_creates_once_and_the_repeat_goes_to_what_was_saved(route):
    create = CREATES[route]()
    client = signed_in(create.user)
    shown = client.get(create.page or create.url).content.decode()
    token = form_data(shown, create.url).get("submission_token", [""])[0]
    data = {**create.data, "submission_token": token}
    before = create.count()

    first = client.post(create.url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert create.count() == before + 1

    repeat = client.post(create.url, data, follow=True)  # the back button and "send again", or a double click
    assert create.count() == before + 1
    assert ALREADY_SAVED in repeat.content.decode()
    assert repeat.redirect_chain[0][0] == first["Location"]


@pytest.mark.django_db
def test_a_fresh_form_creates_again():
    """The token is per form shown: the same data from a new form is a new object (no false "already saved")."""
    create = _person_create()
    client = signed_in(create.user)
    for _ in range(2):
        token = form_data(client.get(create.url).content.decode(), create.url).get("submission_token", [""])[0]
        assert client.post(create.url, {**create.data, "submission_token": token}).status_code == 302
    assert create.count() == 2


@pytest.mark.django_db
def test_two_tabs_showing_one_cached_form_create_two_people_when_they_send_different_people():
    """The page cache may serve one rendered form (one token) to two tabs: different content is not a repeat."""
    create = _person_create()
    client = signed_in(create.user)
    token = form_data(client.get(create.url).content.decode(), create.url).get("submission_token", [""])[0]
    first = client.post(create.url, {**create.data, "submission_token": token})
    second = client.post(create.url, {**create.data, "full_name": "Phạm Văn Dũng", "submission_token": token})
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] != second["Location"]
    assert sorted(Person.objects.filter(unit__name="Sở Thử Nghiệm").values_list("full_name", flat=True)) == [
        "Phạm Văn Dũng",
        "Trần Thị Bình",
    ]


# --- Parallel requests ------------------------------------------------------------------------------------------
def _in_parallel(calls) -> list:
    """Run each call in its own thread (its own database connection), all released at once."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _leader_with_drafts(count: int):
    group, units = make_group_year(year=2023)
    unit = units[2]
    drafts = [
        _new_proposal(
            actor=staff_of(unit),
            proposing_unit=unit,
            award_type_code="BANG_KHEN_CAP_TINH",
            year=2023,
            nominee_person=PersonFactory(unit=unit),
            source_group=group,
            achievements="Hoàn thành xuất sắc nhiệm vụ.",
            justification="Giải trình bằng văn bản.",
        )
        for _ in range(count)
    ]
    attach_dossier(*drafts)  # the documents each award requires (issue 14 item 14)
    return SimpleNamespace(group=group, unit=unit, leader=leader_of(unit), drafts=drafts)


@pytest.mark.django_db(transaction=True)
def test_two_parallel_covering_submissions_with_one_number_give_one_submission_and_a_clear_message():
    world = _leader_with_drafts(2)
    url = reverse("awards:submission_create")

    def submit(draft):
        client = signed_in(world.leader)
        token = form_data(client.get(url).content.decode(), url).get("submission_token", [""])[0]
        return lambda: client.post(
            url,
            {
                "number": "15/TTr-UBND",
                "title": "Tờ trình khen thưởng",
                "body": "",
                "proposals": [draft.pk],
                "submission_token": token,
            },
        )

    responses = _in_parallel([submit(world.drafts[0]), submit(world.drafts[1])])
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "15/TTr-UBND" not in refused or "đã" in refused
    assert "Số tờ trình" in refused or "tờ trình" in refused.lower()
    assert Submission.objects.filter(proposing_unit=world.unit, number="15/TTr-UBND").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_covering_submission_sent_twice_at_once_is_saved_once_and_both_land_on_the_list():
    world = _leader_with_drafts(1)
    url = reverse("awards:submission_create")
    clients = [signed_in(world.leader), signed_in(world.leader)]
    token = form_data(clients[0].get(url).content.decode(), url).get("submission_token", [""])[0]
    data = {
        "number": "16/TTr-UBND",
        "title": "Tờ trình",
        "body": "",
        "proposals": [world.drafts[0].pk],
        "submission_token": token,
    }
    # The same browser sends its form twice (a double click): the same session, the same token.
    clients[1].cookies = clients[0].cookies
    responses = _in_parallel([lambda c=c: c.post(url, data) for c in clients])
    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r["Location"] for r in responses} == {reverse("awards:proposal_list")}
    assert Submission.objects.filter(proposing_unit=world.unit).count() == 1
    assert Proposal.objects.get(pk=world.drafts[0].pk).status == ProposalStatus.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_four_parallel_approvals_of_one_proposal_approve_it_once_and_nobody_sees_a_refusal():
    world = _leader_with_drafts(1)
    board = world.group.organizer
    reviewer = ReviewerFactory(unit=board)
    submission_create(
        actor=world.leader,
        proposing_unit=world.unit,
        year=2023,
        number="17/TTr",
        title="Tờ trình",
        proposals=world.drafts,
    )
    proposal = world.drafts[0]
    proposal_start_review(actor=reviewer, proposal=proposal)
    url = reverse("awards:proposal_review", args=[proposal.pk, "approve"])
    clients = [signed_in(reviewer) for _ in range(4)]

    responses = _in_parallel([lambda c=c: c.post(url, {"comment": ""}) for c in clients])
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 4  # no 403 page, no 500
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert ProposalEvent.objects.filter(proposal=proposal, action="approve").count() == 1
    pages = [c.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode() for c in clients]
    assert sum("đã được đồng ý trước đó" in page for page in pages) == 3
    assert all("Đã thẩm định, đồng ý" in page for page in pages)


@pytest.mark.django_db
def test_approving_again_after_the_page_went_stale_shows_the_proposal_with_a_message_not_a_403(client):
    world = _leader_with_drafts(1)
    reviewer = ReviewerFactory(unit=world.group.organizer)
    submission_create(
        actor=world.leader,
        proposing_unit=world.unit,
        year=2023,
        number="18/TTr",
        title="Tờ trình",
        proposals=world.drafts,
    )
    proposal = world.drafts[0]
    client.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("awards:proposal_review", args=[proposal.pk, "approve"])
    assert client.post(url).status_code == 302
    again = client.post(url, follow=True)
    assert again.status_code == 200
    assert "đã được đồng ý trước đó" in again.content.decode()
    # someone outside the proposal's reach still gets the refusal
    outsider = signed_in(ReviewerFactory(unit=BoardFactory()))
    assert outsider.post(url).status_code in (403, 404)


def test_a_version_is_read_back_exactly():
    from clusters.concurrency import decode_version, encode_version

    moment = datetime.datetime(2025, 3, 1, 8, 30, 15, 123456, tzinfo=datetime.UTC)
    assert decode_version(encode_version(moment)) == moment
    assert decode_version("không phải ngày") is None
    assert decode_version("2025-03-01T08:30:15") is None  # a naive value cannot be the database's


@pytest.mark.django_db(transaction=True)
def test_two_parallel_clicks_opening_the_scoring_open_it_once_and_neither_sees_an_error_page():
    from emulation.models import ScoringRound
    from tests.factories import make_signed_pledge

    group, units = make_group_year(year=2023)
    make_signed_pledge(group, 2023)
    url = reverse("yearend:scoring_open", args=[group.pk, 2023])
    clients = [signed_in(staff_of(units[0])) for _ in range(2)]

    responses = _in_parallel([lambda c=c: c.post(url) for c in clients])
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]  # no 500
    assert ScoringRound.objects.filter(group=group, year=2023).count() == 1
    pages = [c.get(reverse("yearend:scoring", args=[group.pk, 2023])).content.decode() for c in clients]
    assert sum("Đã mở chấm điểm thi đua năm 2023" in page for page in pages) == 1
    assert sum("vừa được thực hiện bởi một yêu cầu khác" in page or "đã mở chấm điểm" in page for page in pages) == 1


@pytest.mark.django_db
def test_recording_the_decision_again_from_a_stale_page_shows_it_recorded_not_a_403(client):
    from awards.models import AwardRecord
    from awards.services.workflow import proposal_approve

    world = _leader_with_drafts(1)
    reviewer = ReviewerFactory(unit=world.group.organizer)
    submission_create(
        actor=world.leader,
        proposing_unit=world.unit,
        year=2023,
        number="19/TTr",
        title="Tờ trình",
        proposals=world.drafts,
    )
    proposal = world.drafts[0]
    proposal_approve(actor=reviewer, proposal=proposal)
    client.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("awards:proposal_decide", args=[proposal.pk])
    today = proposal.proposal_date or datetime.date.today()  # a decision is never dated before its proposal
    data = {"number": "452/QĐ-UBND", "date": today.strftime("%d/%m/%Y"), "authority": ""}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)  # the back button, or a second click
    assert again.status_code == 200
    assert "đã được ghi nhận quyết định trước đó" in again.content.decode()
    assert AwardRecord.objects.filter(proposal=proposal).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_council_members_ballot_sent_four_times_at_once_is_counted_once():
    """A double (or quadruple) click on "Gửi phiếu": the session row is locked, the has-voted row is unique, so one
    ballot is kept and the other requests are told the member has voted (issue 17 item 3)."""
    from awards.models import CouncilBallot, CouncilVoteCast
    from awards.services import council as council_services
    from tests.factories import make_award_world

    world = make_award_world()
    today = datetime.date.today()
    council = council_services.council_create(
        actor=None, board=world.province_board, name="Hội đồng", term_start=today, term_end=today
    )
    council_services.council_member_add(actor=None, council=council, user=world.province_reviewer, role="chair")
    proposal = _new_proposal(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_CAP_TINH", year=2023,
        nominee_person=PersonFactory(unit=world.lang_son), achievements="Hoàn thành xuất sắc nhiệm vụ.",
    )  # fmt: skip
    session = council_services.session_open(
        actor=None, council=council, title="Phiên họp", held_on=today, mode="list", proposals=[proposal]
    )
    url = reverse("awards:council_vote", args=[session.pk])
    clients = [signed_in(world.province_reviewer) for _ in range(4)]
    responses = _in_parallel([lambda c=c: c.post(url, {"choice": "for"}) for c in clients])
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 4
    assert CouncilVoteCast.objects.filter(session=session).count() == 1
    assert CouncilBallot.objects.filter(session=session).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_issuing_clicks_at_once_issue_the_decision_once_and_both_land_on_it():
    """Issue 17: the board's reviewer clicks "Ban hành" twice (or two reviewers at once): one issue, one set of
    register numbers, and the second is told it was issued already."""
    from awards.models import AwardRecord
    from awards.services.decisions import decision_add_proposals, decision_create, entries_version

    world = _leader_with_drafts(3)
    board = world.group.organizer
    reviewer = ReviewerFactory(unit=board)
    submission_create(
        actor=world.leader, proposing_unit=world.unit, year=2023, number="20/TTr", title="Tờ trình",
        proposals=world.drafts,
    )  # fmt: skip
    for draft in world.drafts:
        proposal_start_review(actor=reviewer, proposal=draft)
        Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.APPROVED)
    decision = decision_create(actor=reviewer, authority=board, title="Về việc tặng Bằng khen")
    decision_add_proposals(actor=reviewer, decision=decision, proposals=world.drafts)
    url = reverse("awards:decision_issue", args=[decision.pk])
    today = datetime.date.today()  # a decision is never dated before its proposals
    data = {"number": "88/QĐ-UBND", "date": today.strftime("%d/%m/%Y"), "version": entries_version(decision)}
    clients = [signed_in(reviewer), signed_in(reviewer)]

    responses = _in_parallel([lambda c=c: c.post(url, data) for c in clients])

    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r["Location"] for r in responses} == {decision.get_absolute_url()}
    numbers = sorted(AwardRecord.objects.filter(decision=decision).values_list("register_number", flat=True))
    assert numbers == [1, 2, 3]
    told = [signed_in(reviewer).get(decision.get_absolute_url())]  # the page shows the decision as issued
    assert "Đã ban hành" in told[0].content.decode()
