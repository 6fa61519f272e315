from django.urls import path

from .views import blanks, catalogue, council, exports, fairness, proposals, ratings, records, workflow

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
    # the award council (issue 17 item 3)
    path("hoi-dong/", council.council_list, name="council_list"),
    path("hoi-dong/<int:pk>/", council.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/thanh-vien/", council.council_member_add, name="council_member_add"),
    path("hoi-dong/<int:pk>/phien-hop/", council.council_session_create, name="council_session_create"),
    path("hoi-dong/phien-hop/<int:pk>/", council.council_session, name="council_session"),
    path("hoi-dong/phien-hop/<int:pk>/bo-phieu/", council.council_vote, name="council_vote"),
    path("hoi-dong/phien-hop/<int:pk>/ket-thuc/", council.council_close, name="council_close"),
    path("hoi-dong/phien-hop/<int:pk>/bien-ban/", council.council_minutes, name="council_minutes"),
    # certificates printed on pre-printed blanks (issue 17 item 4)
    path("phoi/", blanks.blank_list, name="blank_list"),
    path("phoi/<int:pk>/sua/", blanks.blank_update, name="blank_update"),
    path("phoi/<int:pk>/anh/", blanks.blank_scan, name="blank_scan"),
    path("phoi/<int:pk>/in/", blanks.blank_print, name="blank_print"),
]
