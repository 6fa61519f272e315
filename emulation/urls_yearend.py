"""Year-end pages: scoring, verification, ranking, ballot, summary reports (namespace "yearend")."""

from django.urls import path

from .views import reports, yearend

app_name = "yearend"

urlpatterns = [
    path("", yearend.overview, name="overview"),
    # Scoring of a group's year
    path("cum-khoi/<int:pk>/nam/<int:year>/cham-diem/", yearend.scoring, name="scoring"),
    path("cum-khoi/<int:pk>/nam/<int:year>/cham-diem/mo/", yearend.scoring_open, name="scoring_open"),
    path("cum-khoi/<int:pk>/nam/<int:year>/cham-diem/khoa-so/", yearend.scoring_close, name="scoring_close"),
    path("cum-khoi/<int:pk>/nam/<int:year>/xep-hang/", yearend.ranking, name="ranking"),
    # One unit's self-assessment
    path("tu-cham-diem/<int:pk>/", yearend.assessment_detail, name="assessment"),
    path("tu-cham-diem/<int:pk>/diem/", yearend.assessment_scores, name="assessment_scores"),
    path("tu-cham-diem/<int:pk>/ket-qua/", yearend.assessment_results, name="assessment_results"),
    path("tu-cham-diem/<int:pk>/minh-chung/", yearend.evidence_upload, name="evidence_upload"),
    path("tu-cham-diem/<int:pk>/gui/", yearend.assessment_submit, name="assessment_submit"),
    path("tu-cham-diem/<int:pk>/tham-dinh/", yearend.assessment_verify_scores, name="assessment_verify_scores"),
    path("tu-cham-diem/<int:pk>/diem-cong-tru/", yearend.adjustment_add, name="adjustment_add"),
    path("tu-cham-diem/<int:pk>/xac-nhan/", yearend.assessment_confirm, name="assessment_confirm"),
    path("tu-cham-diem/<int:pk>/tra-lai/", yearend.assessment_return, name="assessment_return"),
    path("diem-cong-tru/<int:pk>/xoa/", yearend.adjustment_delete, name="adjustment_delete"),
    path("minh-chung/<int:pk>/", yearend.evidence_download, name="evidence"),
    path("minh-chung/<int:pk>/xoa/", yearend.evidence_delete, name="evidence_delete"),
    # Ballot
    path("cum-khoi/<int:pk>/nam/<int:year>/binh-xet/", yearend.ballot, name="ballot"),
    path("cum-khoi/<int:pk>/nam/<int:year>/binh-xet/mo/", yearend.ballot_open, name="ballot_open"),
    path("binh-xet/<int:pk>/bo-phieu/", yearend.ballot_vote, name="ballot_vote"),
    path("binh-xet/<int:pk>/ket-thuc/", yearend.ballot_close, name="ballot_close"),
    # Year-end summary reports
    path("cum-khoi/<int:pk>/nam/<int:year>/bao-cao/", reports.group_reports, name="reports"),
    path("cum-khoi/<int:pk>/nam/<int:year>/bao-cao/tao/", reports.group_report_request, name="report_request"),
    path("ban-thi-dua/<int:pk>/nam/<int:year>/bao-cao/", reports.rollup_reports, name="rollup_reports"),
    path("ban-thi-dua/<int:pk>/nam/<int:year>/bao-cao/tao/", reports.rollup_report_request, name="rollup_request"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report"),
    path("bao-cao/<int:pk>/tien-do/", reports.report_progress, name="report_progress"),
    path("bao-cao/<int:pk>/gui-lai/", reports.report_retry, name="report_retry"),
    path("bao-cao/<int:pk>/tai/<str:fmt>/", reports.report_download, name="report_download"),
]
