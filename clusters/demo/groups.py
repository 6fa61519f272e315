"""Demo groups: the boards and agencies of `fixtures/organisation.json` and its real clusters and blocs, with
their members, chairs and vice-chairs per year. Idempotent; on top of the demo units (`units`).
"""

from __future__ import annotations

from django.db import transaction

from ..models import EmulationGroup, MemberRole, Membership, Unit, UnitKind
from ..services.groups import membership_set
from .units import load_json, province, upsert_unit


@transaction.atomic
def load_groups() -> list[EmulationGroup]:
    data = load_json("organisation.json")
    units_by_name: dict[str, Unit] = {}
    for row in data["boards"]:
        parent = province(row["parent"]) if row.get("parent") else None
        units_by_name[row["name"]] = upsert_unit(
            {"name": row["name"]}, {"short_name": row["short_name"], "kind": row["kind"], "parent": parent}
        )
    for row in data["agencies"]:
        units_by_name[row["name"]] = upsert_unit(
            {"name": row["name"]},
            {"short_name": row["short_name"], "kind": UnitKind.AGENCY, "parent": province(row["parent"])},
        )
    groups = []
    for row in data["groups"]:
        group, _created = EmulationGroup.objects.update_or_create(
            name=row["name"],
            defaults={
                "short_name": row["short_name"],
                "kind": row["kind"],
                "organizer": units_by_name[row["organizer"]],
                "description": row.get("description", ""),
            },
        )
        groups.append(group)
        for year_text, officers in row["years"].items():
            year = int(year_text)

            def resolve(name, year=year):
                return units_by_name.get(name) or province(name, year=year)

            members = [resolve(name) for name in row["members"]]
            current = set(Membership.objects.filter(group=group, year=year).values_list("unit_id", "role"))
            wanted_chair = resolve(officers["chair"]) if officers.get("chair") else None
            wanted_vice = resolve(officers["vice_chair"]) if officers.get("vice_chair") else None
            standing = resolve(officers["standing_agency"]) if officers.get("standing_agency") else None
            wanted = {
                (
                    u.pk,
                    MemberRole.CHAIR
                    if u == wanted_chair
                    else MemberRole.VICE_CHAIR
                    if u == wanted_vice
                    else MemberRole.MEMBER,
                )
                for u in members
            }
            if current != wanted:
                membership_set(
                    actor=None,
                    group=group,
                    year=year,
                    units=members,
                    chair=wanted_chair,
                    vice_chair=wanted_vice,
                    standing_agency=standing,
                )
    return groups
