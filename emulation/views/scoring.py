"""Year-end scoring pages: the group's scoring, opening and closing it, the ranking (table and SVG chart), one
unit's self-assessment with its evidence, and the chair's verification. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import ConflictError, create_once, creates_once
from clusters.models import Role
from clusters.selectors.groups import group_year as group_year_view
from clusters.web import add_form_errors, file_download, group_year_or_404

from ..documents.charts import ranking_chart
from ..forms.scoring import (
    AdjustmentForm,
    EvidenceForm,
    ReasonForm,
    ResultsForm,
    SelfScoresForm,
    SubmitForm,
    VerifyScoresForm,
)
from ..models import AssessmentStatus, Evidence, ScoreAdjustment, SelfAssessment
from ..selectors import scoring as selectors
from ..selectors.reminders import leaders_of
from ..services import scoring as services
from ..services.reminders import queue_or_run, unit_leaders
from ..tasks import notify_assessment_leaders
from .base import run_service


def _assessment(request, pk):
    return get_object_or_404(
        SelfAssessment.objects.select_related("round", "round__group", "round__pledge", "unit"), pk=pk
    )


def _visible_sheets(user, rows, *, chair_unit_id) -> set[int]:
    """The sheets the user may open. `view_assessment` is group-wide for the chair, the organiser, an admin
    and, once published, every member; on top of that a unit sees its own and the vice-chair the chair's.
    So at most three checks cover every row: a sheet of an ordinary member, the user's own, the chair's."""
    special = {user.unit_id, chair_unit_id}
    ordinary = next((row for row in rows if row.unit_id not in special), None)
    if ordinary is not None and user.has_perm("emulation.view_assessment", ordinary):
        return {row.pk for row in rows}
    return {row.pk for row in rows if row.unit_id in special and user.has_perm("emulation.view_assessment", row)}


# --- Scoring overview -------------------------------------------------------------------------------------
@permission_required("emulation.view_scoring", fn=group_year_or_404, raise_exception=True)
@require_GET
def scoring(request, pk, year):
    group_year = group_year_or_404(request, pk, year)
    group = group_year.group
    scoring_round = selectors.round_for(group=group, year=year)
    user = request.user
    # Nothing ranks before the lock: the sheets in the order of the units' names, with no total and no position.
    published = scoring_round is not None and scoring_round.is_closed
    if scoring_round is None:
        rows = []
    elif published:
        rows = selectors.ranking(scoring_round=scoring_round)
    else:
        rows = selectors.sheets(scoring_round=scoring_round)
    can_see_ranking = scoring_round is not None and user.has_perm("emulation.view_ranking", scoring_round)
    visible = _visible_sheets(user, rows, chair_unit_id=selectors.chair_unit_id(group=group, year=year))
    can_manage = user.has_perm("emulation.manage_scoring", group_year)
    return render(
        request,
        "emulation/yearend/scoring.html",
        {
            "group": group,
            "year": year,
            "scoring_round": scoring_round,
            "rows": rows,
            "can_manage": can_manage,
            "open_refusal": services.scoring_open_refusal(group=group, year=year)
            if can_manage and scoring_round is None
            else None,
            "can_see_ranking": can_see_ranking,
            "published": published,
            "visible": visible,
            "view": group_year_view(group=group, year=year),
        },
    )


@permission_required("emulation.manage_scoring", fn=group_year_or_404, raise_exception=True)
@require_POST
def scoring_open(request, pk, year):
    group = group_year_or_404(request, pk, year).group
    run_service(
        request,
        lambda: services.scoring_open(actor=request.user, group=group, year=year),
        _("Đã mở chấm điểm thi đua năm %(year)s.") % {"year": year},
    )
    return redirect("yearend:scoring", pk, year)


@permission_required("emulation.manage_scoring", fn=group_year_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
def scoring_close(request, pk, year):
    """Closing is irreversible: GET shows what it will do and which sheets are not sent or not verified; only
    the POST of that confirmation (with `confirm`) closes. Works without JavaScript."""
    group = group_year_or_404(request, pk, year).group
    scoring_round = selectors.round_for(group=group, year=year)
    if scoring_round is None:
        raise Http404
    if request.method == "POST" and request.POST.get("confirm") == "1":
        if run_service(
            request,
            lambda: services.scoring_close(actor=request.user, scoring_round=scoring_round),
            _("Đã khóa sổ và công bố kết quả chấm điểm."),
        ):
            return redirect("yearend:scoring", pk, year)
        return redirect("yearend:scoring_close", pk, year)
    if request.method == "POST":
        return redirect("yearend:scoring_close", pk, year)
    if not scoring_round.is_open:
        messages.info(request, _("Đợt chấm điểm đã khóa sổ."))
        return redirect("yearend:scoring", pk, year)
    sheets = selectors.sheets(scoring_round=scoring_round)
    return render(
        request,
        "emulation/yearend/scoring_close.html",
        {
            "group": group,
            "year": year,
            "scoring_round": scoring_round,
            "unsent": [s for s in sheets if s.status == AssessmentStatus.DRAFT],
            "unverified": [s for s in sheets if s.status == AssessmentStatus.SUBMITTED],
            "total": len(sheets),
        },
    )


def _round_of(request, pk, year):
    round_ = selectors.round_for(group=group_year_or_404(request, pk, year).group, year=year)
    if round_ is None:
        raise Http404
    return round_


@permission_required("emulation.view_ranking", fn=_round_of, raise_exception=True)
@require_GET
def ranking(request, pk, year):
    scoring_round = _round_of(request, pk, year)
    rows = selectors.ranking(scoring_round=scoring_round)
    return render(
        request,
        "emulation/yearend/ranking.html",
        {
            "group": scoring_round.group,
            "year": year,
            "scoring_round": scoring_round,
            "rows": rows,
            "chart": ranking_chart(rows),
        },
    )


# --- One unit's self-assessment ---------------------------------------------------------------------------
def _extra_rows(sheet):
    """The pledge's bonus and penalty rows: bonus and penalty points are given only under one of them."""
    return [row.criterion for row in sheet.criteria if row.criterion.kind in services.EXTRA_KINDS]


def _save_sheet(request, form, action, success: str, current) -> bool:
    """`run_service` for a sheet form; when someone saved the sheet since it was opened (ConflictError), the
    form shows both versions (`current()`: the form as the sheet is now)."""

    def guarded():
        try:
            action()
        except ConflictError as error:
            form.show_conflict(error, current())
            raise

    return run_service(request, guarded, success)


def _fresh(assessment):
    return SelfAssessment.objects.get(pk=assessment.pk)


def _sheet_context(request, assessment, **forms):
    sheet = selectors.assessment_sheet(assessment=assessment)
    user = request.user
    can_edit = user.has_perm("emulation.edit_assessment", assessment)
    can_verify = user.has_perm("emulation.verify_assessment", assessment)
    scores = {row.criterion.pk: row.score for row in sheet.criteria if row.score}
    criteria = [row.criterion for row in sheet.criteria]
    context = {
        "assessment": assessment,
        "group": assessment.round.group,
        "year": assessment.round.year,
        "sheet": sheet,
        "can_edit": can_edit,
        "can_submit": user.has_perm("emulation.submit_assessment", assessment),
        "missing": services.missing_criteria(assessment) if can_edit else [],
        # staff see who sends the sheet: their leader(s)
        "leaders": [u.display_name() for u in leaders_of(assessment.unit_id)]
        if can_edit and user.role != Role.LEADER
        else [],
        "can_verify": can_verify,
    }
    if can_edit:
        context["scores_form"] = forms.get("scores_form") or SelfScoresForm(
            criteria=criteria, scores=scores, version=assessment.updated_at
        )
        results = {row.target.pk: row.result for row in sheet.targets if row.result}
        context["results_form"] = forms.get("results_form") or ResultsForm(
            targets=[row.target for row in sheet.targets], results=results, version=assessment.updated_at
        )
        context["evidence_form"] = forms.get("evidence_form") or EvidenceForm(criteria=criteria)
        context["submit_form"] = SubmitForm(initial={"summary": assessment.summary})
    if can_verify:
        context["verify_form"] = forms.get("verify_form") or VerifyScoresForm(
            scores=[row.score for row in sheet.criteria if row.score], version=assessment.updated_at
        )
        extra_rows = _extra_rows(sheet)
        if extra_rows:
            context["adjustment_form"] = forms.get("adjustment_form") or AdjustmentForm(rows=extra_rows)
        context["return_form"] = ReasonForm()
    scores_form, verify_form = context.get("scores_form"), context.get("verify_form")
    context["rows"] = [
        {
            "criterion": row.criterion,
            "score": row.score,
            "evidence": row.evidence,
            "points_field": scores_form[f"points_{row.criterion.pk}"] if scores_form else None,
            "justification_field": scores_form[f"justification_{row.criterion.pk}"] if scores_form else None,
            "verified_field": verify_form[f"verified_{row.score.pk}"] if verify_form and row.score else None,
            "reason_field": verify_form[f"reason_{row.score.pk}"] if verify_form and row.score else None,
        }
        for row in sheet.criteria
    ]
    results_form = context.get("results_form")
    context["target_rows"] = [
        {
            "target": row.target,
            "result": row.result,
            "actual_field": results_form[f"actual_{row.target.pk}"] if results_form else None,
            "note_field": results_form[f"note_{row.target.pk}"] if results_form else None,
        }
        for row in sheet.targets
    ]
    return context


def _notify_leaders(request, assessment) -> None:
    """Staff have scored every criterion: tell the unit's leaders (who send the sheet), and the user who got it."""
    plan = unit_leaders(assessment.unit)
    if not plan.recipients:
        messages.warning(
            request,
            _(
                "Đã chấm đủ các tiêu chí, nhưng đơn vị không có lãnh đạo nào có tài khoản đang hoạt động và địa chỉ "
                "e-mail để nhận thông báo: hãy báo trực tiếp lãnh đạo đơn vị gửi bản tự chấm."
            ),
        )
        return
    queue_or_run(notify_assessment_leaders, [assessment.pk, request.user.pk, request.build_absolute_uri("/")])
    messages.info(
        request,
        _("Đã chấm đủ các tiêu chí. Đã báo lãnh đạo đơn vị (%(names)s) xem lại và gửi bản tự chấm.")
        % {"names": ", ".join(user.display_name() for user in plan.recipients)},
    )


@permission_required("emulation.view_assessment", fn=_assessment, raise_exception=True)
@require_GET
def assessment_detail(request, pk):
    assessment = _assessment(request, pk)
    return render(request, "emulation/yearend/assessment.html", _sheet_context(request, assessment))


@permission_required("emulation.edit_assessment", fn=_assessment, raise_exception=True)
@require_POST
def assessment_scores(request, pk):
    assessment = _assessment(request, pk)
    criteria = list(assessment.round.pledge.criteria.order_by("order", "id"))
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    form = SelfScoresForm(request.POST, criteria=criteria, scores=scores)
    if form.is_valid():
        entered = list(form.entered())
        completed = []

        def save():
            completed.append(
                services.scores_save(
                    actor=request.user, assessment=assessment, entries=entered, version=form.expected_version
                )
            )

        def current():
            fresh = {s.criterion_id: s for s in assessment.scores.all()}
            return SelfScoresForm(criteria=criteria, scores=fresh, version=_fresh(assessment).updated_at)

        if _save_sheet(request, form, save, _("Đã lưu điểm tự chấm."), current):
            if any(completed) and not request.user.has_perm("emulation.submit_assessment", assessment):
                _notify_leaders(request, assessment)
            return redirect("yearend:assessment", pk)
    else:
        messages.error(request, _("Vui lòng sửa các lỗi bên dưới."))
    return render(
        request, "emulation/yearend/assessment.html", _sheet_context(request, assessment, scores_form=form), status=400
    )


@permission_required("emulation.edit_assessment", fn=_assessment, raise_exception=True)
@require_POST
def assessment_results(request, pk):
    assessment = _assessment(request, pk)
    sheet = selectors.assessment_sheet(assessment=assessment)
    results = {row.target.pk: row.result for row in sheet.targets if row.result}
    form = ResultsForm(request.POST, targets=[row.target for row in sheet.targets], results=results)
    if form.is_valid():
        entered = list(form.entered())

        def save():
            services.results_save(
                actor=request.user, assessment=assessment, entries=entered, version=form.expected_version
            )

        def current():
            fresh_sheet = selectors.assessment_sheet(assessment=_fresh(assessment))
            return ResultsForm(
                targets=[row.target for row in fresh_sheet.targets],
                results={row.target.pk: row.result for row in fresh_sheet.targets if row.result},
                version=_fresh(assessment).updated_at,
            )

        if _save_sheet(request, form, save, _("Đã lưu kết quả thực hiện chỉ tiêu."), current):
            return redirect("yearend:assessment", pk)
    else:
        messages.error(request, _("Vui lòng sửa các lỗi bên dưới."))
    return render(
        request, "emulation/yearend/assessment.html", _sheet_context(request, assessment, results_form=form), status=400
    )


@permission_required("emulation.edit_assessment", fn=_assessment, raise_exception=True)
@require_POST
@creates_once
def evidence_upload(request, pk):
    assessment = _assessment(request, pk)
    criteria = list(assessment.round.pledge.criteria.order_by("order", "id"))
    form = EvidenceForm(request.POST, request.FILES, criteria=criteria)
    if form.is_valid():
        criterion = next(c for c in criteria if c.pk == form.cleaned_data["criterion"])
        try:
            create_once(
                request,
                lambda: services.evidence_add(
                    actor=request.user, assessment=assessment, criterion=criterion, uploaded=form.cleaned_data["file"]
                ),
                url=lambda evidence: reverse("yearend:assessment", args=[pk]),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã tải lên minh chứng."))
            return redirect("yearend:assessment", pk)
    return render(
        request,
        "emulation/yearend/assessment.html",
        _sheet_context(request, assessment, evidence_form=form),
        status=400,
    )


def _evidence_owner(request, pk):
    return get_object_or_404(
        Evidence.objects.select_related("score__assessment__round__group", "score__assessment__unit"), pk=pk
    ).score.assessment


@permission_required("emulation.view_assessment", fn=_evidence_owner, raise_exception=True)
@require_GET
def evidence_download(request, pk):
    """Served only as an attachment, with the content type of the allow-list, never rendered inline."""
    evidence = get_object_or_404(Evidence, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_download(handle, filename=evidence.original_name, content_type=evidence.content_type)


@permission_required("emulation.edit_assessment", fn=_evidence_owner, raise_exception=True)
@require_POST
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("score__assessment"), pk=pk)
    assessment_pk = evidence.score.assessment_id
    run_service(
        request, lambda: services.evidence_delete(actor=request.user, evidence=evidence), _("Đã xóa minh chứng.")
    )
    return redirect("yearend:assessment", assessment_pk)


@permission_required("emulation.submit_assessment", fn=_assessment, raise_exception=True)
@require_POST
def assessment_submit(request, pk):
    assessment = _assessment(request, pk)
    form = SubmitForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else None
    run_service(
        request,
        lambda: services.assessment_submit(actor=request.user, assessment=assessment, summary=summary),
        _("Đã gửi bản tự chấm điểm tới đơn vị trưởng cụm, khối."),
    )
    return redirect("yearend:assessment", pk)


# --- Verification by the chair ----------------------------------------------------------------------------
@permission_required("emulation.verify_assessment", fn=_assessment, raise_exception=True)
@require_POST
def assessment_verify_scores(request, pk):
    assessment = _assessment(request, pk)
    scores = list(assessment.scores.select_related("criterion").order_by("criterion__order", "criterion_id"))
    form = VerifyScoresForm(request.POST, scores=scores)
    if form.is_valid():
        changed = list(form.changed_scores())

        def save():
            services.scores_verify(
                actor=request.user, assessment=assessment, entries=changed, version=form.expected_version
            )

        def current():
            fresh = list(assessment.scores.select_related("criterion").order_by("criterion__order", "criterion_id"))
            return VerifyScoresForm(scores=fresh, version=_fresh(assessment).updated_at)

        if _save_sheet(request, form, save, _("Đã lưu điểm thẩm định."), current):
            return redirect("yearend:assessment", pk)
    else:
        messages.error(request, _("Vui lòng sửa các lỗi bên dưới."))
    return render(
        request, "emulation/yearend/assessment.html", _sheet_context(request, assessment, verify_form=form), status=400
    )


@permission_required("emulation.verify_assessment", fn=_assessment, raise_exception=True)
@require_POST
@creates_once
def adjustment_add(request, pk):
    assessment = _assessment(request, pk)
    rows = list(assessment.round.pledge.criteria.filter(kind__in=services.EXTRA_KINDS).order_by("order", "id"))
    form = AdjustmentForm(request.POST, rows=rows)
    if form.is_valid():
        try:
            create_once(
                request,
                lambda: services.adjustment_add(actor=request.user, assessment=assessment, **form.service_arguments()),
                url=lambda adjustment: reverse("yearend:assessment", args=[pk]),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã thêm điểm cộng, điểm trừ."))
            return redirect("yearend:assessment", pk)
    return render(
        request,
        "emulation/yearend/assessment.html",
        _sheet_context(request, assessment, adjustment_form=form),
        status=400,
    )


def _adjustment_owner(request, pk):
    return get_object_or_404(ScoreAdjustment.objects.select_related("assessment__round"), pk=pk).assessment


@permission_required("emulation.verify_assessment", fn=_adjustment_owner, raise_exception=True)
@require_POST
def adjustment_delete(request, pk):
    adjustment = get_object_or_404(ScoreAdjustment, pk=pk)
    assessment_pk = adjustment.assessment_id
    run_service(request, lambda: services.adjustment_delete(actor=request.user, adjustment=adjustment), _("Đã xóa."))
    return redirect("yearend:assessment", assessment_pk)


@permission_required("emulation.verify_assessment", fn=_assessment, raise_exception=True)
@require_POST
def assessment_confirm(request, pk):
    assessment = _assessment(request, pk)
    run_service(
        request,
        lambda: services.assessment_verify(actor=request.user, assessment=assessment),
        _("Đã xác nhận kết quả chấm điểm của %(unit)s.") % {"unit": assessment.unit.name},
    )
    return redirect("yearend:assessment", pk)


@permission_required("emulation.verify_assessment", fn=_assessment, raise_exception=True)
@require_POST
def assessment_return(request, pk):
    assessment = _assessment(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải nêu lý do trả lại."))
        return redirect("yearend:assessment", pk)
    run_service(
        request,
        lambda: services.assessment_return(
            actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"]
        ),
        _("Đã trả lại bản tự chấm cho đơn vị."),
    )
    return redirect("yearend:assessment", pk)
