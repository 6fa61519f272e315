"""`require()`: services check the permission their view checks; a missing actor is the system, allowed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from clusters.rules import GroupYear, require
from tests.factories import AdminFactory, GroupFactory, ReviewerFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_user_holding_the_permission_passes():
    group = GroupFactory()
    require(ReviewerFactory(unit=group.organizer), "clusters.manage_membership", GroupYear(group, 2023))


def test_a_user_without_the_permission_is_refused_in_vietnamese():
    group = GroupFactory()
    with pytest.raises(PermissionDenied, match="Bạn không có quyền thực hiện thao tác này."):
        require(StaffFactory(), "clusters.manage_membership", GroupYear(group, 2023))


def test_the_refusal_can_say_what_was_refused():
    with pytest.raises(PermissionDenied, match="Bạn không có quyền thêm đơn vị."):
        require(StaffFactory(), "clusters.add_unit", message="Bạn không có quyền thêm đơn vị.")


def test_an_anonymous_user_is_refused_like_any_user_without_the_permission():
    with pytest.raises(PermissionDenied):
        require(AnonymousUser(), "clusters.view_unit")


def test_a_missing_actor_is_the_system_and_is_allowed():
    """A Celery task, a management command, a data load: services called with actor=None run."""
    require(None, "clusters.add_unit")
    require(None, "clusters.manage_membership", GroupYear(GroupFactory(), 2023))


def test_an_admin_passes_what_the_rules_grant_admins():
    require(AdminFactory(), "clusters.add_unit")
