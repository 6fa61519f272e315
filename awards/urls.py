from django.urls import path

from .views import catalogue, exports, fairness, proposals, ratings, records, review, workflow

app_name = "awards"

urlpatterns = [
    path("", proposals.proposal_list, name="proposal_list"),
    path("lap/", proposals.proposal_create, name="proposal_create"),
    path("trinh/", workflow.submission_create, name="submission_create"),
    path("tham-dinh/", workflow.review_queue, name="review_queue"),
    path("tham-dinh/dong-y/", workflow.bulk_approve, name="bulk_approve"),
    # the review steps inside a board (issue 18 item 2)
    path("tham-dinh/hop-thu/<slug:step>/", review.review_inbox, name="review_inbox"),
    path("tham-dinh/quy-trinh/", review.review_config, name="review_config"),
    path("tham-dinh/quy-trinh/vi-tri/", review.review_position_add, name="review_position_add"),
    path("tham-dinh/quy-trinh/vi-tri/<int:pk>/xoa/", review.review_position_delete, name="review_position_delete"),
    path("tham-dinh/quy-trinh/phan-cong/", review.review_route_add, name="review_route_add"),
    path("tham-dinh/quy-trinh/phan-cong/<int:pk>/xoa/", review.review_route_delete, name="review_route_delete"),
    path("tham-dinh/quan-he/", review.review_relations, name="review_relations"),
    path("tham-dinh/quan-he/<int:pk>/xoa/", review.review_relation_delete, name="review_relation_delete"),
    path("<int:pk>/tham-dinh/", review.review_detail, name="review_detail"),
    path("<int:pk>/tham-dinh/<slug:action>/", review.review_action, name="review_action"),
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
]
