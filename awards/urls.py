from django.urls import path

from .views import (
    catalogue,
    dispatches,
    exports,
    fairness,
    proposals,
    ratings,
    records,
    registrations,
    rounds,
    workflow,
)

app_name = "awards"

urlpatterns = [
    path("", proposals.proposal_list, name="proposal_list"),
    path("lap/", proposals.proposal_create, name="proposal_create"),
    path("trinh/", workflow.submission_create, name="submission_create"),
    path("tham-dinh/", workflow.review_queue, name="review_queue"),
    path("tham-dinh/dong-y/", workflow.bulk_approve, name="bulk_approve"),
    path("co-cau/", fairness.fairness, name="fairness"),
    path("<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("<int:pk>/sua/", proposals.proposal_update, name="proposal_update"),
    path("<int:pk>/rut/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("<int:pk>/trinh-lai/", workflow.proposal_resubmit, name="proposal_resubmit"),
    path("<int:pk>/xu-ly/<slug:action>/", workflow.proposal_review, name="proposal_review"),
    path("<int:pk>/quyet-dinh/", workflow.proposal_decide, name="proposal_decide"),
    path("<int:pk>/y-kien/", workflow.proposal_comment, name="proposal_comment"),
    path("<int:pk>/tai-lieu/", proposals.attachment_upload, name="attachment_upload"),
    path("tai-lieu/<int:pk>/", proposals.attachment_download, name="attachment_download"),
    path("da-khen/", records.record_list, name="record_list"),
    path("da-khen/xuat/<int:pk>/", exports.record_export, name="record_export"),
    path("da-khen/xuat/<int:pk>/tai-ve/", exports.record_export_download, name="record_export_download"),
    path("da-khen/xuat/<int:pk>/gui-lai/", exports.record_export_retry, name="record_export_retry"),
    path("da-khen/nhap/", records.record_import, name="record_import"),
    path("da-khen/nhap/xac-nhan/", records.record_import_confirm, name="record_import_confirm"),
    path("da-khen/<int:pk>/giay-chung-nhan/", records.record_certificate, name="record_certificate"),
    path("quyet-dinh/danh-sach/", records.decision_list, name="decision_list"),
    path("dieu-kien/", catalogue.rule_list, name="rule_list"),
    path("xep-loai/", ratings.rating_index, name="rating_index"),
    path("xep-loai/<int:pk>/<year:year>/", ratings.rating_unit, name="rating_unit"),
    path("xep-loai/<int:pk>/<year:year>/nhap/", ratings.rating_import, name="rating_import"),
    path("xep-loai/<int:pk>/<year:year>/nhap/xac-nhan/", ratings.rating_import_confirm, name="rating_import_confirm"),
    # registration of titles (issue 18 item 1)
    path("dang-ky/", registrations.registration_list, name="registration_list"),
    path("dang-ky/lap/", registrations.registration_create, name="registration_create"),
    path("dang-ky/<int:pk>/", registrations.registration_detail, name="registration_detail"),
    path("dang-ky/<int:pk>/them/", registrations.registration_entry_add, name="registration_entry_add"),
    path(
        "dang-ky/<int:pk>/bo/<int:entry_pk>/", registrations.registration_entry_delete, name="registration_entry_delete"
    ),
    path("dang-ky/<int:pk>/gui/", registrations.registration_submit, name="registration_submit"),
    path("dang-ky/<int:pk>/xu-ly/<slug:action>/", registrations.registration_review, name="registration_review"),
    path(
        "dang-ky/tong-hop/<int:pk>/<year:year>/",
        registrations.registration_consolidated,
        name="registration_consolidated",
    ),
    path(
        "dang-ky/tong-hop/<int:pk>/<year:year>/chuyen-len/",
        registrations.registration_forward,
        name="registration_forward",
    ),
    # rounds (issue 18 item 4)
    path("dot-xet/", rounds.round_list, name="round_list"),
    path("dot-xet/mo/", rounds.round_create, name="round_create"),
    path("dot-xet/<int:pk>/", rounds.round_detail, name="round_detail"),
    # routing by authority, khen cao (issue 18 item 3)
    path("<int:pk>/quyet-dinh-tai-don-vi/", dispatches.proposal_decide_in_unit, name="proposal_decide_in_unit"),
    path("khen-cao/", dispatches.dispatch_list, name="dispatch_list"),
    path("khen-cao/lap/", dispatches.dispatch_create, name="dispatch_create"),
    path("khen-cao/<int:pk>/", dispatches.dispatch_detail, name="dispatch_detail"),
    path("khen-cao/doi-tuong/<int:pk>/ket-qua/", dispatches.dispatch_outcome, name="dispatch_outcome"),
]
