"""Pages of the review inside a board: each step's inbox, a dossier's step page (its actions and timeline), the
board's configuration (steps, positions, routing table) and the reviewer's declared relations.
Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.models import Unit
from clusters.web import add_form_errors, flash_errors, paginate

from ..forms.review import (
    AssignForm,
    PositionForm,
    RelationForm,
    ReviewConfigForm,
    RoutingRuleForm,
    StepForm,
    VerdictForm,
)
from ..models import DeclaredRelation, ReviewStep, RoutingRule, StaffPosition
from ..selectors import review as selectors
from ..services import review as services
from .proposals import _proposal


@permission_required("awards.view_review_inbox", raise_exception=True)
@require_GET
def review_inbox(request, step):
    if step not in selectors.INBOX_STEPS:
        raise Http404
    current = selectors.INBOX_STEPS[step]
    config = selectors.config_of(request.user.unit_id)
    page = paginate(request, selectors.inbox(request.user, current))
    return render(
        request,
        "awards/review_inbox.html",
        {
            "page": page,
            "step": current,
            "step_label": ReviewStep(current).label,
            "slugs": [(slug, ReviewStep(s).label) for slug, s in selectors.INBOX_STEPS.items()],
            "slug": step,
            "config": config,
            "positions": selectors.positions_of(request.user),
            "today": timezone.localdate(),
        },
    )


def _board_id(request, proposal) -> int | None:
    review = selectors.review_of(proposal)
    return review.board_id if review is not None else request.user.unit_id


@permission_required("awards.view_proposal", fn=_proposal, raise_exception=True)
@require_GET
def review_detail(request, pk):
    """A dossier in the board's steps: where it stands, what the user may do at this step, its timeline."""
    proposal = _proposal(request, pk)
    review = selectors.review_of(proposal)
    user = request.user
    perms = {name: user.has_perm(f"awards.{name}", proposal) for name in ["intake_dossier", "assign_dossier"]}
    perms["record_verdict"] = user.has_perm("awards.record_verdict", proposal)
    perms["approve_step"] = user.has_perm("awards.approve_step", proposal)
    context = {
        "proposal": proposal,
        "review": review,
        "perms_": perms,
        "timeline": selectors.timeline(proposal),
        "step_form": StepForm(initial={"step": review.step if review else ReviewStep.INTAKE}),
    }
    if perms["intake_dossier"]:
        from ..services.workflow import missing_documents

        context["missing"] = missing_documents(proposal)
    if perms["assign_dossier"]:
        board_id = _board_id(request, proposal)
        context["assign_form"] = AssignForm(
            specialists=selectors.eligible_specialists(board_id, proposal), initial={"step": review.step}
        )
        context["routed"] = selectors.routed_specialist(board_id, proposal)
    if perms["record_verdict"]:
        context["verdict_form"] = VerdictForm(rules=proposal.eligibility or [], initial={"step": review.step})
    return render(request, "awards/review_detail.html", context)


ACTIONS = {"tiep-nhan", "tra-lai", "phan-cong", "ket-luan", "duyet", "chuyen-lai", "nhan-xu-ly"}


@require_POST
def review_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    proposal = _proposal(request, pk)
    if not request.user.has_perm("awards.view_proposal", proposal):
        raise PermissionDenied
    actor = request.user
    step = (request.POST.get("step") or "").strip() or None
    if step is not None and step not in ReviewStep.values:
        step = None
    try:
        if action == "tiep-nhan":
            services.review_receive(actor=actor, proposal=proposal, step=step)
            messages.success(request, _("Đã tiếp nhận hồ sơ."))
        elif action == "tra-lai":
            form = StepForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.review_return_to_unit(actor=actor, proposal=proposal, comment=comment, step=step)
            messages.success(request, _("Đã trả lại hồ sơ cho đơn vị."))
        elif action == "phan-cong":
            review = selectors.review_of(proposal)
            board_id = review.board_id if review else actor.unit_id
            form = AssignForm(request.POST, specialists=selectors.eligible_specialists(board_id, proposal))
            if not form.is_valid():
                raise ValidationError(_("Chuyên viên này không được xử lý hồ sơ của đơn vị mình hoặc có quan hệ."))
            review = services.review_assign(
                actor=actor, proposal=proposal, specialist=form.cleaned_data["specialist"], step=step
            )
            messages.success(request, _("Đã phân công cho %(name)s.") % {"name": review.specialist.display_name()})
        elif action == "ket-luan":
            form = VerdictForm(request.POST, rules=proposal.eligibility or [])
            if not form.is_valid():
                raise ValidationError(_("Chọn kết luận."))
            services.review_verdict(
                actor=actor,
                proposal=proposal,
                verdict=form.cleaned_data["verdict"],
                reasons=form.reasons(),
                note=form.cleaned_data["note"],
                step=step,
            )
            messages.success(request, _("Đã ghi kết luận thẩm định."))
        else:
            form = StepForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            if step is None:
                raise ValidationError(_("Không rõ bước xử lý."))
            if action == "duyet":
                services.review_approve(actor=actor, proposal=proposal, step=step, comment=comment)
                messages.success(request, _("Đã duyệt."))
            elif action == "chuyen-lai":
                services.review_send_back(actor=actor, proposal=proposal, step=step, comment=comment)
                messages.success(request, _("Đã chuyển lại bước trước."))
            else:
                services.review_take(actor=actor, proposal=proposal, step=step)
                messages.success(request, _("Đã nhận xử lý hồ sơ."))
    except ValidationError as error:
        codes = {e.code for e in error.error_list} if hasattr(error, "error_list") else set()
        if "already_done" not in codes and not _may_act(actor, proposal):
            raise PermissionDenied from error
        flash_errors(request, error)
    return redirect("awards:review_detail", pk=proposal.pk)


def _may_act(user, proposal) -> bool:
    return any(
        user.has_perm(f"awards.{name}", proposal)
        for name in ["intake_dossier", "assign_dossier", "record_verdict", "approve_step"]
    )


# --- The board's configuration -----------------------------------------------------------------------------
def _board(request) -> Unit:
    board = request.user.unit
    if board is None or not request.user.has_perm("awards.configure_review", board):
        raise PermissionDenied
    return board


@require_http_methods(["GET", "POST"])
def review_config(request):
    """The board's steps, deadlines, positions and routing table."""
    board = _board(request)
    config = selectors.config_for_edit(board)
    form = ReviewConfigForm(request.POST or None, instance=config if config.pk else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_config_save(
                actor=request.user, board=board, version=form.expected_version, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu quy trình thẩm định."))
            return redirect("awards:review_config")
    return render(
        request,
        "awards/review_config.html",
        {
            "board": board,
            "form": form,
            "positions": selectors.staff_positions(board),
            "routes": selectors.routing_rules(board),
            "position_form": PositionForm(board=board),
            "route_form": RoutingRuleForm(board=board),
        },
    )


@require_POST
@creates_once
def review_position_add(request):
    board = _board(request)
    form = PositionForm(request.POST, board=board)
    if form.is_valid():
        try:
            create_once(
                request,
                lambda: services.position_add(actor=request.user, board=board, **form.cleaned_data),
                url=lambda position: reverse("awards:review_config"),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã giao vị trí."))
    else:
        messages.error(request, _("Chọn cán bộ và vị trí."))
    return redirect("awards:review_config")


@require_POST
def review_position_delete(request, pk):
    board = _board(request)
    position = get_object_or_404(StaffPosition, pk=pk, board=board)
    services.position_remove(actor=request.user, position=position)
    messages.success(request, _("Đã bỏ vị trí."))
    return redirect("awards:review_config")


@require_POST
@creates_once
def review_route_add(request):
    board = _board(request)
    form = RoutingRuleForm(request.POST, board=board)
    if form.is_valid():
        try:
            create_once(
                request,
                lambda: services.routing_rule_add(actor=request.user, board=board, **form.cleaned_data),
                url=lambda rule: reverse("awards:review_config"),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã thêm dòng phân công."))
    else:
        messages.error(request, _("Chọn chuyên viên."))
    return redirect("awards:review_config")


@require_POST
def review_route_delete(request, pk):
    board = _board(request)
    rule = get_object_or_404(RoutingRule, pk=pk, board=board)
    services.routing_rule_remove(actor=request.user, rule=rule)
    messages.success(request, _("Đã xóa dòng phân công."))
    return redirect("awards:review_config")


# --- Declared relations ------------------------------------------------------------------------------------
@permission_required("awards.declare_relation", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def review_relations(request):
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(
                request,
                lambda: services.relation_declare(actor=request.user, **form.cleaned_data),
                url=lambda relation: reverse("awards:review_relations"),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã kê khai quan hệ."))
            return redirect("awards:review_relations")
    relations = DeclaredRelation.objects.filter(user=request.user).select_related("unit")
    return render(request, "awards/review_relations.html", {"form": form, "relations": relations})


@permission_required("awards.declare_relation", raise_exception=True)
@require_POST
def review_relation_delete(request, pk):
    relation = get_object_or_404(DeclaredRelation, pk=pk, user=request.user)
    services.relation_withdraw(actor=request.user, relation=relation)
    messages.success(request, _("Đã bỏ quan hệ đã kê khai."))
    return redirect("awards:review_relations")
