"""API tokens (issue 20 item 1): a board's administrator gives another system a service account and its token in the
app, sees the token once, and revokes it; the token is kept hashed, every step is audited, and another board's
administrator can neither see nor revoke it."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clusters.models import ApiToken, AuditEvent, Role, User
from clusters.services.tokens import token_create, token_revoke
from tests.factories import AdminFactory, BoardAdminFactory, BoardFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    province = UnitFactory(name="Tỉnh Thử Mã")
    board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Thử Mã", parent=province)
    return province, board, BoardAdminFactory(unit=board)


def test_a_board_admin_gives_a_token_shown_once_and_kept_only_as_its_hash(province, login):
    unit, board, admin = province
    client = login(admin)
    form = client.get(reverse("clusters:token_create"))
    assert form.status_code == 200 and "Tên hệ thống sử dụng" in form.content.decode()
    answer = client.post(
        reverse("clusters:token_create"), {"name": "LGSP tỉnh Thử Mã", "role": Role.STAFF, "unit": unit.pk}
    )
    assert answer.status_code == 302 and answer["Location"] == reverse("clusters:token_list")
    page = client.get(reverse("clusters:token_list"))
    assert "no-store" in page["Cache-Control"]
    body = page.content.decode()
    key = body.split('data-testid="api-token"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert key.startswith("td_") and len(key) > 40
    token = ApiToken.objects.get(name="LGSP tỉnh Thử Mã")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiToken.objects.values_list()))
    assert token.board == board and token.account.is_service and token.account.role == Role.STAFF
    assert token.account.unit == unit and not token.account.has_usable_password()
    again = client.get(reverse("clusters:token_list")).content.decode()
    assert key not in again and f"{token.prefix}…" in again  # never shown again, recognisable by its start
    assert AuditEvent.objects.filter(action="api_token.create", actor=admin, target_id=str(token.pk)).exists()
    assert client.get(reverse("api:units"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_board_admin_revokes_a_token_and_another_boards_admin_cannot(province, login, client):
    unit, board, admin = province
    token, key = token_create(actor=admin, name="CSDL cán bộ", role=Role.REVIEWER)
    assert token.account.unit == board and token.account.role == Role.REVIEWER
    stranger = BoardAdminFactory(unit=BoardFactory())
    login(stranger)
    assert "CSDL cán bộ" not in client.get(reverse("clusters:token_list")).content.decode()
    assert client.post(reverse("clusters:token_revoke", args=[token.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        token_revoke(actor=stranger, token=token)
    login(admin)
    response = client.post(reverse("clusters:token_revoke", args=[token.pk]), follow=True)
    assert "Đã thu hồi mã truy cập của CSDL cán bộ." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin and not token.account.is_active
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=admin, target_id=str(token.pk)).exists()
    answer = client.get(reverse("api:units"), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 401 and answer.json()["detail"] == "Mã truy cập đã bị thu hồi."
    with pytest.raises(ValidationError):
        token_revoke(actor=admin, token=token)


def test_a_token_acts_only_inside_the_boards_jurisdiction_and_in_a_service_role(province):
    unit, board, admin = province
    elsewhere = UnitFactory(name="Tỉnh Khác")
    with pytest.raises(ValidationError) as refused:
        token_create(actor=admin, name="LGSP", role=Role.STAFF, unit=elsewhere)
    assert "unit" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        token_create(actor=admin, name="LGSP", role=Role.LEADER, unit=unit)
    assert "role" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        token_create(actor=StaffFactory(unit=unit), name="LGSP", role=Role.STAFF, unit=unit)
    token, _key = token_create(actor=AdminFactory(), name="LGSP", role=Role.REVIEWER, board=board)
    assert token.board == board and token.account.unit == board


def test_service_accounts_are_not_in_the_account_list_and_have_no_password(province, login):
    unit, board, admin = province
    token, _key = token_create(actor=admin, name="LGSP", role=Role.STAFF, unit=unit)
    page = login(admin).get(reverse("clusters:account_list")).content.decode()
    assert token.account.username not in page
    account = User.objects.get(pk=token.account_id)
    account.set_password("Mat-khau-moi-2024!")
    with pytest.raises(Exception, match="user_service_account_has_no_password"):
        account.save()
