"""The awards data-version cache: reads too slow to run on every page view, kept in the cache (Redis).

Used by the reviewer dashboard's fairness figures (`selectors.fairness.board_fairness`), the award-history
search's matches (`selectors.records.search_page`) and the initiative report's workbook. Each value is keyed
on its name, its parameters and the current data version; any save or deletion of a proposal, award record,
award type, person, unit, group, membership or initiative (its authors and its links to proposals too) bumps
the version once its transaction commits (`awards.apps` connects the signals; the records import, a bulk
insert without signals, calls `data_changed` itself), and every value expires after `CACHE_SECONDS`.
"""

from __future__ import annotations

import contextlib
import hashlib
import time

from django.core.cache import cache

#: At most this long, whatever happens: a write the signals cannot see (a queryset .update() of the columns
#: these read, a bulk load, a write while the cache was unreachable) shows within this many seconds.
CACHE_SECONDS = 60
#: Bumped whenever a proposal, award record, award type, person, unit or group is saved or deleted.
DATA_VERSION_KEY = "awards:data:version"


def data_changed() -> None:
    """Proposals, award records, people, units, groups or award types changed (awards.apps connects this
    to their saves and deletions, run once the transaction commits): every cached read is stale."""
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a new one, never one used before
        cache.set(DATA_VERSION_KEY, time.time_ns(), None)


def cached(name: str, parts: tuple, compute):
    """`compute()`, kept in the cache under `name` and `parts` for the current data version (at most
    CACHE_SECONDS). Without a reachable cache, computed every time."""
    try:
        version = cache.get(DATA_VERSION_KEY)
        if version is None:
            version = time.time_ns()
            cache.add(DATA_VERSION_KEY, version, None)
            version = cache.get(DATA_VERSION_KEY, version)
        key = f"awards:{name}:{version}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        value = cache.get(key)
    except Exception:  # the cache (Redis) is down: the page still answers
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):  # the cache went down meanwhile
            cache.set(key, value, CACHE_SECONDS)
    return value
