from django.urls import path

from .views import accounts, groups, imports, people, pickers, tdkt, tokens, units, webhooks

app_name = "clusters"

urlpatterns = [
    path("cum-khoi/", groups.group_list, name="group_list"),
    path("cum-khoi/them/", groups.group_create, name="group_create"),
    path("cum-khoi/<int:pk>/", groups.group_detail, name="group_detail"),
    path("cum-khoi/<int:pk>/nam/<year:year>/", groups.group_detail, name="group_year"),
    path("cum-khoi/<int:pk>/sua/", groups.group_update, name="group_update"),
    path("cum-khoi/<int:pk>/nam/<year:year>/thanh-vien/", groups.group_members, name="group_members"),
    path("don-vi/", units.unit_list, name="unit_list"),
    path("don-vi/them/", units.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", units.unit_update, name="unit_update"),
    path("don-vi/<int:pk>/ca-nhan/them/", people.person_create, name="person_create"),
    path("ca-nhan/", people.people, name="person_list"),
    path("ca-nhan/<int:pk>/", people.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", people.person_update, name="person_update"),
    path("chon/tim/", pickers.picker_search, name="picker_search"),
    path("tai-khoan/", accounts.account_list, name="account_list"),
    path("tai-khoan/them/", accounts.account_create, name="account_create"),
    path("tai-khoan/<int:pk>/", accounts.account_detail, name="account_detail"),
    path("tai-khoan/<int:pk>/sua/", accounts.account_update, name="account_update"),
    path("tai-khoan/<int:pk>/ngung/", accounts.account_deactivate, name="account_deactivate"),
    path("tai-khoan/<int:pk>/kich-hoat/", accounts.account_reactivate, name="account_reactivate"),
    path("tai-khoan/<int:pk>/dat-lai-mat-khau/", accounts.account_password_reset, name="account_password_reset"),
    path("tai-khoan/<int:pk>/mo-khoa/", accounts.account_unlock, name="account_unlock"),
    path("ket-noi/webhook/", webhooks.webhook_list, name="webhook_list"),
    path("ket-noi/webhook/them/", webhooks.webhook_create, name="webhook_create"),
    path("ket-noi/webhook/<int:pk>/", webhooks.webhook_detail, name="webhook_detail"),
    path("ket-noi/webhook/<int:pk>/sua/", webhooks.webhook_update, name="webhook_update"),
    path("ket-noi/lan-gui/<int:pk>/gui-lai/", webhooks.webhook_replay, name="webhook_replay"),
    # API tokens of service accounts (issue 20 item 1)
    path("ket-noi/api/", tokens.token_list, name="token_list"),
    path("ket-noi/api/them/", tokens.token_create, name="token_create"),
    path("ket-noi/api/<int:pk>/thu-hoi/", tokens.token_revoke, name="token_revoke"),
]

#: The Excel imports, each with its upload and preview, its confirm and its template (clusters/views/imports.py).
IMPORT_SLUGS = {"units": "don-vi", "collectives": "tap-the", "people": "ca-nhan", "accounts": "tai-khoan"}
for kind, slug in IMPORT_SLUGS.items():
    urlpatterns += [
        path(f"nhap-excel/{slug}/", imports.import_upload, {"kind": kind}, name=f"import_{kind}"),
        path(f"nhap-excel/{slug}/xac-nhan/", imports.import_confirm, {"kind": kind}, name=f"import_{kind}_confirm"),
        path(f"nhap-excel/{slug}/mau/", imports.import_template, {"kind": kind}, name=f"import_{kind}_template"),
    ]

# stats: the register of emulation and commendation bodies and their staff (statutory forms 0604, 0605)
urlpatterns += [
    path("so-thi-dua-khen-thuong/<int:pk>/", tdkt.register, name="tdkt_register"),
    path("so-thi-dua-khen-thuong/<int:pk>/co-quan/them/", tdkt.body_create, name="tdkt_body_create"),
    path("so-thi-dua-khen-thuong/co-quan/<int:pk>/sua/", tdkt.body_update, name="tdkt_body_update"),
    path("so-thi-dua-khen-thuong/<int:pk>/can-bo/them/", tdkt.staff_create, name="tdkt_staff_create"),
    path("so-thi-dua-khen-thuong/can-bo/<int:pk>/sua/", tdkt.staff_update, name="tdkt_staff_update"),
]
