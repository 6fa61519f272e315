"""The number of queries of each key page does not grow with the number of rows.

The national-scale data set is loaded at two sizes (scale 0.002 and 0.01: five times the people,
award records and proposals, a largest bloc of 4 and then 20 members) and every key page of every
role is requested at both; the two query counts must be equal (within one query that depends on what the
data holds, not on how much of it there is). Not timed: see `manage.py benchmark`.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from awards.models import AwardRecord
from clusters.models import Membership, User
from config.benchmark import CLOSED_YEAR, key_pages, largest_group
from emulation import scale

pytestmark = pytest.mark.django_db

SMALL, LARGE = 0.002, 0.01
PAGE_NAMES = [
    "dashboard (staff)",
    "dashboard (leader)",
    "dashboard (reviewer)",
    "dashboard (admin)",
    "cluster list",
    "cluster detail",
    "pledge page",
    "scoring table",
    "proposal queue",
    "proposal detail",
    "award-history search",
    "report page",
    "account list",
]


def _measure(size: float) -> dict:
    """Load the data set at `size`, request every key page twice (the first one warms up), count the
    queries of the second; roll everything back."""
    result = {"pages": {}, "status": {}}
    with transaction.atomic():
        scale.generate(seed=2025, scale=size)
        result["award_records"] = AwardRecord.objects.count()
        result["members"] = Membership.objects.filter(group=largest_group(), year=CLOSED_YEAR).count()
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        for page in key_pages():
            client.force_login(
                User.objects.get(username=page.username), backend="django.contrib.auth.backends.ModelBackend"
            )
            client.get(page.path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.path)
            result["pages"][page.name] = len(queries)
            result["status"][page.name] = response.status_code
        transaction.set_rollback(True)
    return result


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    # The page cache off: these writes never commit, so without it a repeat view would be served from the cache
    # (one query) unless some other database on the shared server happened to commit in between.
    plain_http = override_settings(
        PAGE_CACHE_SECONDS=0,
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with django_db_blocker.unblock(), plain_http:
        return {size: _measure(size) for size in (SMALL, LARGE)}


def test_the_larger_data_set_really_is_larger(measured):
    assert measured[LARGE]["award_records"] == 5 * measured[SMALL]["award_records"]
    assert measured[LARGE]["members"] > 2 * measured[SMALL]["members"]
    assert sorted(measured[SMALL]["pages"]) == sorted(PAGE_NAMES)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_queries_of_a_key_page_do_not_grow_with_the_rows(measured, name):
    small, large = measured[SMALL], measured[LARGE]
    assert small["status"][name] == large["status"][name] == 200
    # Equal, up to one query some pages spend only when the data holds something to show (the leader's
    # dashboard reads signatures only if an open pledge awaits the unit; the eligibility check of a proposal
    # reads the catalogue for some rules only). One query per row would add 16 or more here.
    assert abs(large["pages"][name] - small["pages"][name]) <= 1, (
        f"{name}: {small['pages'][name]} queries with {small['award_records']} award records, "
        f"{large['pages'][name]} with {large['award_records']}"
    )
