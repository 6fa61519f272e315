"""Award council pages: the board's councils, a council (members, sessions), a session (agenda, a member's
secret ballot, the count once closed), the minutes. Views stay thin: permission, form, service call, template.
No page shows who voted what: only who has voted, and the counts once the session is closed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.web import error_messages, flash_errors

from ..documents import council as documents
from ..documents.records import DOCX
from ..forms.council import BallotForm, CouncilForm, CouncilMemberForm, SessionForm
from ..models import Council, CouncilMember, CouncilSession, CouncilVoteCast, SessionStatus, VoteMode
from ..selectors.council import agenda_choices, councils_for, open_sessions_of_member, session_items, sessions_of
from ..services import council as services


def _council(request, pk):
    return get_object_or_404(Council.objects.select_related("board"), pk=pk)


def _session(request, pk):
    return get_object_or_404(CouncilSession.objects.select_related("council__board"), pk=pk)


@permission_required("awards.view_councils", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def council_list(request):
    user = request.user
    form = CouncilForm(request.POST or None) if user.has_perm("awards.add_council") else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                council = create_once(
                    request, lambda: services.council_create(actor=user, board=user.unit, **form.cleaned_data)
                )
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã lập Hội đồng."))
                return redirect(council)
    councils = councils_for(user) if user.is_system_admin or user.role == "reviewer" else Council.objects.none()
    return render(
        request,
        "awards/council_list.html",
        {"councils": councils, "form": form, "to_vote": open_sessions_of_member(user)},
    )


@permission_required("awards.manage_council", fn=_council, raise_exception=True)
@require_GET
def council_detail(request, pk):
    council = _council(request, pk)
    member_form = CouncilMemberForm(user=request.user)
    member_form.helper.form_action = reverse("awards:council_member_add", args=[council.pk])
    session_form = SessionForm(proposals=agenda_choices(request.user))
    session_form.helper.form_action = reverse("awards:council_session_create", args=[council.pk])
    return render(
        request,
        "awards/council_detail.html",
        {
            "council": council,
            "members": council.members.select_related("user", "user__unit"),
            "sessions": sessions_of(council),
            "member_form": member_form,
            "session_form": session_form,
        },
    )


@permission_required("awards.manage_council", fn=_council, raise_exception=True)
@require_POST
@creates_once
def council_member_add(request, pk):
    council = _council(request, pk)
    form = CouncilMemberForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                request,
                lambda: services.council_member_add(
                    actor=request.user, council=council, user=data["member"], role=data["role"],
                    position=data["position"],
                ),
                url=lambda member: council.get_absolute_url(),
            )  # fmt: skip
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã thêm thành viên Hội đồng."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(council)


@permission_required("awards.manage_council", fn=_council, raise_exception=True)
@require_POST
@creates_once
def council_session_create(request, pk):
    council = _council(request, pk)
    form = SessionForm(request.POST, proposals=agenda_choices(request.user))
    if form.is_valid():
        try:
            session = create_once(
                request, lambda: services.session_open(actor=request.user, council=council, **form.cleaned_data)
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã mở phiên họp: các thành viên bỏ phiếu trên trang phiên họp."))
            return redirect(session)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(council)


@permission_required("awards.view_council_session", fn=_session, raise_exception=True)
@require_GET
def council_session(request, pk):
    session = _session(request, pk)
    items = session_items(session)
    member = CouncilMember.objects.filter(council_id=session.council_id, user_id=request.user.pk).first()
    voted = member is not None and CouncilVoteCast.objects.filter(session=session, member=member).exists()
    ballot = None
    if member is not None and not voted and session.status == SessionStatus.OPEN:
        ballot = BallotForm(items=items, per_list=session.mode == VoteMode.PER_LIST)
    members = list(session.council.members.select_related("user"))
    has_voted = set(session.votes_cast.values_list("member_id", flat=True))
    for item in items:
        item.council_row = next((r for r in item.proposal.eligibility or [] if r.get("check") == "council_vote"), None)
    return render(
        request,
        "awards/council_session.html",
        {
            "session": session,
            "items": items,
            "ballot": ballot,
            "voted": voted,
            "members": [(m, m.pk in has_voted) for m in members],
            "can_manage": request.user.has_perm("awards.manage_council", session),
        },
    )


@permission_required("awards.vote_council", fn=_session, raise_exception=True)
@require_POST
def council_vote(request, pk):
    session = _session(request, pk)
    form = BallotForm(request.POST, items=session_items(session), per_list=session.mode == VoteMode.PER_LIST)
    if not form.is_valid():
        messages.error(request, _("Chọn Đồng ý hoặc Không đồng ý cho từng đề nghị."))
        return redirect(session)
    try:
        if form.per_list:
            services.session_vote(actor=request.user, session=session, choice=form.cleaned_data["choice"])
        else:
            services.session_vote(actor=request.user, session=session, choices=form.choices())
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi phiếu của bạn. Phiếu kín: không ai xem được bạn đã chọn thế nào."))
    return redirect(session)


@permission_required("awards.manage_council", fn=_session, raise_exception=True)
@require_POST
def council_close(request, pk):
    session = _session(request, pk)
    try:
        session = services.session_close(actor=request.user, session=session)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if session.status == SessionStatus.CLOSED:
            messages.success(request, _("Đã kết thúc phiên họp và kiểm phiếu."))
        else:
            messages.warning(request, _("Không đủ số thành viên bỏ phiếu: phiên họp không có kết quả."))
    return redirect(session)


@permission_required("awards.view_council_session", fn=_session, raise_exception=True)
@require_GET
def council_minutes(request, pk):
    session = _session(request, pk)
    if session.status == SessionStatus.OPEN:
        raise Http404(_("Phiên họp chưa kết thúc: chưa có biên bản."))
    content = documents.minutes_docx(
        session=session, items=session_items(session), members=list(session.council.members.select_related("user"))
    )
    response = HttpResponse(content, content_type=DOCX)
    name = slugify(f"bien-ban-{session.held_on:%Y-%m-%d}-{session.pk}")
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
