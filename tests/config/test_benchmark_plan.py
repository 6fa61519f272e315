"""The benchmark's plan (config.benchmark.ROUTES) covers every GET page of the URL conf, as the authorization
matrix covers every route (issue 16 item 1).

A new route without a benchmark entry, or without a reason it is not measured, fails here; so does an entry whose
roles differ from the ones the matrix (tests/cross/test_authorization_matrix.py) lets open the page. On a small
scale data set (with the few objects the benchmark adds, `add_missing`) every entry of the plan opens for its account
with its parameters, and the Django admin changelists it is compared with open for the same user.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client, override_settings

from clusters.models import Role, User
from config import benchmark
from config.management.commands.benchmark import _admin_path
from emulation import scale
from tests.cross.test_authorization_matrix import RULES, _route_names

# (also makes pytest-django set up the test database, which the module fixture below writes to)
pytestmark = pytest.mark.django_db

#: The matrix's accounts as the benchmark's: its staff and leader are those of the chair unit, which is a member
#: of the group and owns its own unit, people, proposals and self-assessment ("own" and "chair" in the matrix).
MATRIX_ROLES = {
    "staff_own": Role.STAFF,
    "staff_chair": Role.STAFF,
    "leader_own": Role.LEADER,
    "leader_chair": Role.LEADER,
    "reviewer_organiser": Role.REVIEWER,
    "board_admin_own": Role.BOARD_ADMIN,
    "admin": Role.ADMIN,
}


def _get_cases(name):
    return [case for case in RULES[name] if case.method == "GET"]


def test_every_route_of_the_url_conf_is_benchmarked_or_says_why_not():
    names, _admin, _unnamed = _route_names()
    names.discard("benchmark_bare")  # mounted only while the benchmark runs
    planned, excused = set(benchmark.ROUTES), set(benchmark.NOT_MEASURED)
    missing = sorted(names - planned - excused)
    assert not missing, "\n".join(f"new route {name} has no entry in config.benchmark.ROUTES" for name in missing)
    assert not planned & excused, sorted(planned & excused)
    stale = sorted((planned | excused) - names)
    assert not stale, f"the benchmark lists routes that no longer exist: {stale}"
    assert all(reason.strip() for reason in benchmark.NOT_MEASURED.values())


@pytest.mark.parametrize("name", sorted(benchmark.ROUTES))
def test_each_page_is_opened_by_exactly_the_roles_the_matrix_allows(name):
    cases = _get_cases(name)
    assert cases, f"{name} is benchmarked but the matrix has no GET rule for it"
    case = cases[0]  # the first GET case: the page's main object (a group's report rather than a roll-up)
    route = benchmark.ROUTES[name]
    assert route.allow == case.allow, f"{name}: the benchmark's rule {route.allow!r}, the matrix's {case.allow!r}"
    if case.allow == "public":
        expected = {"anonymous"}
    else:
        scope = "own" if case.kwargs else "any"
        expected = {MATRIX_ROLES[role] for role in case.allowed_roles(scope) if role in MATRIX_ROLES}
    assert set(route.roles()) == expected


@pytest.mark.parametrize("name", sorted(benchmark.NOT_MEASURED))
def test_a_route_said_to_be_post_only_has_no_get_page_in_the_matrix(name):
    if "POST only" in benchmark.NOT_MEASURED[name]:
        assert not _get_cases(name), f"{name} has a GET page: benchmark it"
    else:  # a stored file: a GET that streams an upload
        assert _get_cases(name)


@pytest.fixture(scope="module")
def small_plan(django_db_setup, django_db_blocker):
    """Every entry of the plan on a small scale data set, requested once by its account: (entry, status)."""
    plain_http = override_settings(
        PAGE_CACHE_SECONDS=0,
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with django_db_blocker.unblock(), plain_http, transaction.atomic():
        scale.generate(seed=2025, scale=0.002)
        added = benchmark.add_missing()
        entries = benchmark.plan()
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        results = []
        for entry in entries:
            client.logout()
            client.defaults.pop("HTTP_AUTHORIZATION", None)
            if entry.api and entry.username:  # the REST API: a token of the account's service account twin
                client.defaults["HTTP_AUTHORIZATION"] = benchmark.api_authorization(entry.username)
            elif entry.username:
                user = User.objects.get(username=entry.username)
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            status = client.get(entry.path).status_code if not entry.skipped else None
            admin_status = None
            if entry.admin and not entry.skipped and _admin_path(entry):
                admin_status = client.get(_admin_path(entry)).status_code
            results.append((entry, status, admin_status))
        results.append(added)
        transaction.set_rollback(True)
    return results


def benchmark_group_is_central() -> bool:
    """Whether the plan's group (on the same tiny data set) is organised by the central board."""
    with transaction.atomic():
        scale.generate(seed=2025, scale=0.002)
        central = benchmark.largest_group().organizer.name == benchmark.CENTRAL_BOARD
        transaction.set_rollback(True)
    return central


@pytest.fixture
def measured(small_plan):
    return small_plan[:-1]


def test_every_entry_of_the_plan_opens_for_its_account_with_its_parameters(measured):
    failed = [
        f"{e.route} {e.role} {e.label} {e.path}: {status}"
        for e, status, _admin in measured
        if not e.skipped and status not in e.ok
    ]
    assert not failed, "\n".join(failed)


def test_the_plan_has_an_entry_for_every_role_of_every_page(measured):
    seen = {(e.route, e.role) for e, _status, _admin in measured}
    expected = {(name, role) for name, route in benchmark.ROUTES.items() for role in route.roles()}
    assert seen == expected


def test_list_pages_are_measured_on_a_deep_page_the_common_searches_and_each_filter(measured):
    labels = {}
    for e, _status, _admin in measured:
        labels.setdefault((e.route, e.role), set()).add(e.label)
    records = labels[("awards:record_list", Role.REVIEWER)]
    assert {"first page", "deep page", 'search "nguyen"', 'search "nguyen van"', "filter year"} <= records
    assert any(label.startswith('search "') and label.isascii() and label.count(" ") >= 2 for label in records), (
        "a unit's name without diacritics"
    )
    queue = labels[("awards:review_queue", Role.REVIEWER)]
    assert {"filter year", "filter kind", "filter status", "filter unit", "filter group", "filter late"} <= queue
    accounts = labels[("clusters:account_list", Role.BOARD_ADMIN)]
    assert {"filter unit", "filter role", "filter active", "filter locked"} <= accounts


def test_the_admin_changelists_compared_with_the_list_pages_open_for_the_same_superuser(measured):
    compared = [(e, admin) for e, _status, admin in measured if admin is not None]
    assert {e.route for e, _admin in compared} >= {
        "clusters:person_list",
        "clusters:unit_list",
        "awards:record_list",
        "awards:proposal_list",
        "pledges:list",
    }
    assert all(e.role == Role.ADMIN for e, _admin in compared)
    assert User.objects.filter(username="sd.admin").exists() is False  # rolled back: the check ran inside
    failed = [f"{e.route} {e.label}: {admin}" for e, admin in compared if admin != 200]
    assert not failed, failed


def test_every_entry_of_the_plan_finds_its_object_in_the_scale_data(measured):
    """The scale data (with the few objects `add_missing` adds) holds an object for every page: none skipped, but
    for the khen cao dossiers of a group the central board organises (it sends none up); at this tiny scale the
    largest group is a cluster of the central board (at scale 1 a bloc of a province, whose board sends them)."""
    skipped = [f"{e.route} ({e.role}): {e.skipped}" for e, _status, _admin in measured if e.skipped]
    dossiers = [line for line in skipped if line.startswith(("awards:dispatch_create", "awards:dispatch_detail"))]
    assert benchmark_group_is_central() or not dossiers
    assert skipped == dossiers, "\n".join(skipped)


def test_a_route_without_its_object_in_the_data_is_reported_as_skipped_not_dropped(measured):
    skipped = [e for e, _status, _admin in measured if e.skipped]
    assert all(e.skipped.startswith("not in the data: ") and e.path == "" for e in skipped)


def test_the_objects_the_scale_data_lacks_are_added_so_their_pages_are_measured(small_plan):
    added = small_plan[-1]
    assert added == [
        "added a campaign of the organising board",
        "added a draft proposal of the chair unit",
        "added an initiative of the chair unit",  # issue 19 item 2 (helper "initiatives")
        "added a records export",
        "added a report of the largest group",
        "added a dossier of the chair unit",  # kinds (issue 19)
        "added a TĐKT body and staff member of the organising board",  # statistics (issue 19 item 3)
        "added a statistics compile of the organising board",
    ]
    measured = {e.route for e, _status, _admin in small_plan[:-1] if not e.skipped}
    assert {
        "campaigns:detail",
        "campaigns:update",
        "awards:proposal_update",
        "awards:record_export",
        "yearend:report",
        "yearend:report_progress",
        "awards:initiative_detail",
        "awards:initiative_update",
        "awards:dossier_detail",  # kinds (issue 19)
        "awards:dossier_add_lines",
    } <= measured


def test_the_reviewers_proposal_and_dossier_entries_open_when_the_units_first_proposal_is_one_no_board_reviews(
    django_db_blocker,
):
    """As at scale 1: the chair unit's first proposal is of an award its head decides (basic level), which no
    board reviews. The API's proposal entry and the dossier `add_missing` creates must still be ones the
    organising board's reviewer reads."""
    from awards.models import AwardLevel, AwardType, Proposal

    plain_http = override_settings(PAGE_CACHE_SECONDS=0, SECURE_SSL_REDIRECT=False)
    with django_db_blocker.unblock(), plain_http, transaction.atomic():
        scale.generate(seed=2025, scale=0.002)
        ctx = benchmark.Context()
        basic = AwardType.objects.filter(level=AwardLevel.BASIC).order_by("pk").first()
        Proposal.objects.filter(pk=ctx.proposal().pk).update(award_type=basic)
        assert ctx.proposal().award_type.level == AwardLevel.BASIC

        assert "added a dossier of the chair unit" in benchmark.add_missing(ctx)
        entries = [
            e
            for e in benchmark.plan(ctx, pages="api:proposal,dossier_detail,dossier_add_lines")
            if e.route in {"api:proposal", "awards:dossier_detail", "awards:dossier_add_lines"}
        ]
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        statuses = {}
        for entry in entries:
            client.logout()
            client.defaults.pop("HTTP_AUTHORIZATION", None)
            if entry.api:
                client.defaults["HTTP_AUTHORIZATION"] = benchmark.api_authorization(entry.username)
            else:
                client.force_login(User.objects.get(username=entry.username))
            statuses[(entry.route, entry.role)] = entry.skipped or client.get(entry.path).status_code
        transaction.set_rollback(True)

    assert statuses[("api:proposal", Role.REVIEWER)] == 200
    assert statuses[("awards:dossier_detail", Role.REVIEWER)] == 200
    assert set(statuses.values()) == {200}, statuses
