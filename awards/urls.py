from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("lap/", views.proposal_create, name="proposal_create"),
    path("trinh/", views.submission_create, name="submission_create"),
    path("tham-dinh/", views.review_queue, name="review_queue"),
    path("tham-dinh/dong-y/", views.bulk_approve, name="bulk_approve"),
    path("co-cau/", views.fairness, name="fairness"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/sua/", views.proposal_update, name="proposal_update"),
    path("<int:pk>/trinh-lai/", views.proposal_resubmit, name="proposal_resubmit"),
    path("<int:pk>/xu-ly/<slug:action>/", views.proposal_review, name="proposal_review"),
    path("<int:pk>/quyet-dinh/", views.proposal_decide, name="proposal_decide"),
    path("<int:pk>/y-kien/", views.proposal_comment, name="proposal_comment"),
    path("<int:pk>/tai-lieu/", views.attachment_upload, name="attachment_upload"),
    path("tai-lieu/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("da-khen/", views.record_list, name="record_list"),
    path("da-khen/xuat/<int:pk>/", views.record_export, name="record_export"),
    path("da-khen/xuat/<int:pk>/tai-ve/", views.record_export_download, name="record_export_download"),
    path("da-khen/xuat/<int:pk>/gui-lai/", views.record_export_retry, name="record_export_retry"),
    path("da-khen/nhap/", views.record_import, name="record_import"),
    path("da-khen/nhap/xac-nhan/", views.record_import_confirm, name="record_import_confirm"),
    path("da-khen/<int:pk>/giay-chung-nhan/", views.record_certificate, name="record_certificate"),
    path("quyet-dinh/danh-sach/", views.decision_list, name="decision_list"),
]
