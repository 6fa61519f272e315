"""The reviewer dashboard's fairness warning is cached per board (awards.selectors.fairness.board_fairness) and
never shows old figures: a saved proposal, award record, person or unit makes the next dashboard compute them again
(once the write commits); without a reachable cache the dashboard computes them every time."""

from __future__ import annotations

import pytest
import redis
from django.test import override_settings
from django.urls import reverse

from awards import cache as awards_cache
from awards.models import AwardPolicy
from awards.selectors import fairness as fairness_selectors
from awards.services.proposals import proposal_create
from awards.services.workflow import submission_create
from tests.factories import PersonFactory, attach_dossier, make_award_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world = make_award_world()
        AwardPolicy.objects.create(leader_share_warning=50)
    return world


def _propose(world, people, commits):
    with commits(execute=True):
        proposals = [
            proposal_create(
                actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_THU_TUONG",
                year=2023, nominee_person=person, kind="ad_hoc", source_group=world.cluster,
            )
            for person in people
        ]  # fmt: skip
        attach_dossier(*proposals)
        submission_create(
            actor=world.leader, proposing_unit=world.lang_son, year=2023, number=f"{proposals[0].pk}/TTr",
            title="Tờ trình", proposals=proposals,
        )  # fmt: skip


@pytest.fixture
def fairness_calls(monkeypatch):
    calls = []
    compute = fairness_selectors.fairness

    def counting(**kwargs):
        calls.append(kwargs["year"])
        return compute(**kwargs)

    monkeypatch.setattr(fairness_selectors, "fairness", counting)
    return calls


def _dashboard(client, world) -> str:
    client.force_login(world.reviewer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_figures_are_computed_once_and_shown_again_from_the_cache(
    world, client, fairness_calls, django_capture_on_commit_callbacks
):
    _propose(
        world,
        [PersonFactory(unit=world.lang_son, category="leader") for _ in range(2)],
        django_capture_on_commit_callbacks,
    )
    warning = "Tỉnh Lạng Sơn (thử): lãnh đạo, quản lý chiếm 100% đề nghị cá nhân năm 2023"
    assert warning in _dashboard(client, world)
    assert warning in _dashboard(client, world)
    assert fairness_calls == [2023]


def test_a_new_proposal_shows_on_the_next_dashboard(world, client, fairness_calls, django_capture_on_commit_callbacks):
    commits = django_capture_on_commit_callbacks
    leaders = [PersonFactory(unit=world.lang_son, category="leader") for _ in range(2)]
    _propose(world, leaders, commits)
    assert "lãnh đạo, quản lý chiếm 100% đề nghị cá nhân năm 2023" in _dashboard(client, world)
    with commits(execute=True):
        worker = PersonFactory(unit=world.lang_son, category="direct_worker")
    _propose(world, [worker], commits)
    html = _dashboard(client, world)
    assert "lãnh đạo, quản lý chiếm 66,7% đề nghị cá nhân năm 2023" in html
    assert "chiếm 100%" not in html
    assert len(fairness_calls) == 2


def test_a_renamed_unit_shows_under_its_new_name(world, client, django_capture_on_commit_callbacks):
    _propose(world, [PersonFactory(unit=world.lang_son, category="leader")], django_capture_on_commit_callbacks)
    assert "Tỉnh Lạng Sơn (thử): lãnh đạo" in _dashboard(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        world.lang_son.name = "Tỉnh Lạng Sơn (đổi tên)"
        world.lang_son.save()
    html = _dashboard(client, world)
    assert "Tỉnh Lạng Sơn (đổi tên): lãnh đạo" in html and "Tỉnh Lạng Sơn (thử): lãnh đạo" not in html


def test_a_write_that_does_not_commit_leaves_the_cached_figures(
    world, client, fairness_calls, django_capture_on_commit_callbacks
):
    _propose(world, [PersonFactory(unit=world.lang_son, category="leader")], django_capture_on_commit_callbacks)
    _dashboard(client, world)
    PersonFactory(unit=world.lang_son, category="leader")  # never committed: no invalidation
    _dashboard(client, world)
    assert len(fairness_calls) == 1


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
)
def test_without_a_reachable_cache_the_dashboard_computes_the_figures(world, client, fairness_calls):
    with pytest.raises(redis.exceptions.ConnectionError):  # nothing listens on port 9: really unreachable
        awards_cache.cache.get("anything")
    proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_THU_TUONG", year=2023,
        nominee_person=PersonFactory(unit=world.lang_son, category="leader"), kind="ad_hoc",
    )  # fmt: skip
    for _ in range(2):
        html = _dashboard(client, world)
        assert "Thẩm định khen thưởng" in html
    assert len(fairness_calls) == 2
