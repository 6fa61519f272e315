"""Year-end scoring pages (namespace "yearend", under /tong-ket/; see config/urls.py)."""

from django.urls import path

from ..views import scoring as views

urlpatterns = [
    # Scoring of a group's year
    path("cum-khoi/<int:pk>/nam/<year:year>/cham-diem/", views.scoring, name="scoring"),
    path("cum-khoi/<int:pk>/nam/<year:year>/cham-diem/mo/", views.scoring_open, name="scoring_open"),
    path("cum-khoi/<int:pk>/nam/<year:year>/cham-diem/khoa-so/", views.scoring_close, name="scoring_close"),
    path("cum-khoi/<int:pk>/nam/<year:year>/xep-hang/", views.ranking, name="ranking"),
    # One unit's self-assessment
    path("tu-cham-diem/<int:pk>/", views.assessment_detail, name="assessment"),
    path("tu-cham-diem/<int:pk>/diem/", views.assessment_scores, name="assessment_scores"),
    path("tu-cham-diem/<int:pk>/ket-qua/", views.assessment_results, name="assessment_results"),
    path("tu-cham-diem/<int:pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("tu-cham-diem/<int:pk>/gui/", views.assessment_submit, name="assessment_submit"),
    path("tu-cham-diem/<int:pk>/tham-dinh/", views.assessment_verify_scores, name="assessment_verify_scores"),
    path("tu-cham-diem/<int:pk>/diem-cong-tru/", views.adjustment_add, name="adjustment_add"),
    path("tu-cham-diem/<int:pk>/xac-nhan/", views.assessment_confirm, name="assessment_confirm"),
    path("tu-cham-diem/<int:pk>/tra-lai/", views.assessment_return, name="assessment_return"),
    path("diem-cong-tru/<int:pk>/xoa/", views.adjustment_delete, name="adjustment_delete"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
]
