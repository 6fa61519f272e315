"""Demo units: the 63 provinces before the 2025 merger and the 34 since, from `fixtures/provinces.json`.

Idempotent: running it twice changes nothing. Units are matched by their administrative code, or by name and
period for those without one. The other organisation demos (`groups`, `people`, `accounts`) build on these.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..models import MERGER_DATE, Unit, UnitKind

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
LAST_DAY_BEFORE_MERGER = MERGER_DATE - datetime.timedelta(days=1)


def province(short_name: str, *, year: int = 2023) -> Unit:
    """The province or city called `short_name` as it was in `year` (before or after the 2025 merger)."""
    day = datetime.date(year, 12, 31) if year < MERGER_DATE.year else datetime.date(year, 7, 1)
    units = Unit.objects.filter(short_name=short_name, kind=UnitKind.PROVINCE)
    for unit in units:
        if unit.is_active_on(day):
            return unit
    raise Unit.DoesNotExist(f"{short_name} ({year})")


def load_json(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def upsert_unit(lookup: dict, defaults: dict) -> Unit:
    unit, _created = Unit.objects.update_or_create(**lookup, defaults=defaults)
    return unit


@transaction.atomic
def load_provinces() -> dict[str, Unit]:
    """63 pre-merger provinces and the 34 units in force since 1 July 2025, with the lineage between them."""
    data = load_json("provinces.json")
    before: dict[str, Unit] = {}
    for row in data["provinces_before_merger"]:
        before[row["short_name"]] = upsert_unit(
            {"code": row["code"]},
            {
                "kind": UnitKind.PROVINCE,
                "name": row["name"],
                "short_name": row["short_name"],
                "is_remote": row["is_remote"],
            },
        )
    for row in data["provinces_from_merger"]:
        successor = upsert_unit(
            {"name": row["name"], "kind": UnitKind.PROVINCE, "active_from": MERGER_DATE},
            {"short_name": row["short_name"], "is_remote": any(before[s].is_remote for s in row["merged_from"])},
        )
        for short_name in row["merged_from"]:
            unit = before[short_name]
            if unit.successor_id != successor.pk:
                unit.successor = successor
                unit.active_to = LAST_DAY_BEFORE_MERGER
                unit.save(update_fields=["successor", "active_to", "updated_at"])
    return before
