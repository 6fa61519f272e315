"""Accounts: log in and out, change the password, and a throttled login (django-axes)."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from clusters.models import AuditEvent, User
from clusters.services.accounts import unlock_account
from tests.factories import PASSWORD, AdminFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_pages_ask_an_anonymous_visitor_to_log_in_first(client):
    response = client.get(reverse("clusters:group_list"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('clusters:group_list')}"


def test_a_user_logs_in_reaches_the_dashboard_and_logs_out(client):
    user = StaffFactory()
    response = _log_in(client, user.username, PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert user.unit.short_name in client.get("/").content.decode()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client):
    user = StaffFactory()
    response = _log_in(client, user.username, "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập và mật khẩu chính xác" in response.content.decode()


def test_after_too_many_failures_even_the_right_password_is_refused_for_a_while(client):
    user = StaffFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, user.username, "sai-mat-khau")
    response = _log_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert client.get("/").status_code == 302  # not logged in


def test_another_user_is_not_locked_out_by_someone_elses_failures(client):
    victim, other = StaffFactory(), StaffFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, victim.username, "sai-mat-khau")
    assert _log_in(client, other.username, PASSWORD).status_code == 302


def test_a_user_changes_their_password_and_the_old_one_stops_working(client):
    user = StaffFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2025!", "new_password2": "Mat-khau-moi-2025!"},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    client.logout()
    assert _log_in(client, user.username, PASSWORD).status_code == 200
    assert _log_in(client, user.username, "Mat-khau-moi-2025!").status_code == 302


def test_a_weak_new_password_is_refused_in_vietnamese(client):
    user = StaffFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in body


def test_the_nightly_task_deletes_expired_sessions_and_keeps_live_ones(client):
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from config.tasks import clear_expired_sessions

    client.force_login(StaffFactory(), backend="django.contrib.auth.backends.ModelBackend")
    live = client.cookies["sessionid"].value
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=yesterday)
    clear_expired_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert client.get(reverse("dashboard")).status_code == 200


# --- Password spraying, the signing lock, unlocking (issue 14 item 22) -----------------------------------------
def test_one_address_trying_a_password_across_many_accounts_is_refused_before_any_password_is_checked(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    sprayed = StaffFactory.create_batch(21)
    for user in sprayed[:20]:  # one try each: no account reaches its own limit
        client.post(
            reverse("login"), {"username": user.username, "password": "Mua-thu-2024"}, REMOTE_ADDR="203.0.113.9"
        )
    untouched = StaffFactory()
    refused = client.post(
        reverse("login"), {"username": untouched.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert refused.status_code == 200
    assert "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này" in refused.content.decode()
    assert client.get("/").status_code == 302  # not logged in
    elsewhere = client.post(
        reverse("login"), {"username": untouched.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert elsewhere.status_code == 302 and elsewhere.url == "/"


def test_an_office_sharing_one_address_is_not_refused_for_a_few_mistyped_passwords(client):
    for user in StaffFactory.create_batch(3):
        client.post(reverse("login"), {"username": user.username, "password": "go-nham"}, REMOTE_ADDR="203.0.113.10")
    colleague = StaffFactory()
    answer = client.post(
        reverse("login"), {"username": colleague.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.10"
    )
    assert answer.status_code == 302


def test_an_admin_unlocks_an_account_locked_by_failed_logins_and_it_is_audited(client):
    user, admin = StaffFactory(), AdminFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, user.username, "sai-mat-khau")
    assert _log_in(client, user.username, PASSWORD).status_code == 429
    unlock_account(actor=admin, user=user)
    assert _log_in(client, user.username, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="user.unlock", target_id=str(user.pk))
    assert event.actor == admin and user.username in event.summary


def test_only_an_administrator_may_unlock_an_account():
    user = StaffFactory()
    with pytest.raises(PermissionDenied):
        unlock_account(actor=StaffFactory(unit=user.unit), user=user)
    assert not AuditEvent.objects.filter(action="user.unlock").exists()


def test_an_admin_enters_an_accounts_full_name_in_vietnamese_order_in_django_admin(login):
    client = login(AdminFactory())
    add = reverse("admin:clusters_user_add")
    page = client.get(add).content.decode()
    assert "Họ và tên" in page and 'name="first_name"' not in page and 'name="last_name"' not in page
    unit = UnitFactory()
    client.post(add, {"username": "nguyendinhduc", "password1": "Mat-khau-rat-dai-2025", "usable_password": "true",
                      "password2": "Mat-khau-rat-dai-2025", "full_name": "Nguyễn Đình Đức", "gender": "male",
                      "unit": unit.pk, "role": "leader", "email": "duc@thidua.local"})  # fmt: skip
    user = User.objects.get(username="nguyendinhduc")
    assert (user.display_name(), user.given_name) == ("Nguyễn Đình Đức", "Đức")
    change = client.get(reverse("admin:clusters_user_change", args=[user.pk])).content.decode()
    assert 'value="Nguyễn Đình Đức"' in change and "Số CCCD" in change
