"""The fairness figures' summary table (`FairnessTally`): proposals sent up and award records, counted per source,
year and unit, filled from the data and kept by triggers on every write that changes a count (issue 16: the fairness
page took 508 ms for an administrator at scale 1, aggregating every proposal and record of the year with their
people and units).

Proposals and award records: statement-level triggers with transition tables add the inserted rows' counts and take
away the deleted ones' (an update: both), one grouped upsert per statement, so a bulk load or COPY costs one aggregate
of what it loaded. People (category, unit) and units (kind, parent, remoteness): the changed rows' proposals and
records are taken away as they counted before and added as they count now. PostgreSQL only."""

import django.db.models.deletion
from django.db import migrations, models

#: The counts of rows `r` of a table (`p` the row's person, `pu` the person's unit, `nu` its collective), grouped
#: by year and owning unit; `{sign}` 1 (added) or -1 (taken away).
COUNTS = """
    SELECT '{source}' AS source, r.year AS year, {owner} AS unit_id,
           {sign} * count(*) FILTER (WHERE r.nominee_person_id IS NOT NULL) AS individuals,
           {sign} * count(*) FILTER (WHERE {category} = 'leader') AS leaders,
           {sign} * count(*) FILTER (WHERE {category} = 'direct_worker') AS direct_workers,
           {sign} * count(*) FILTER (WHERE r.nominee_unit_id IS NOT NULL) AS collectives,
           {sign} * count(*) FILTER (WHERE {kind} = 'collective') AS small_collectives,
           {sign} * count(*) FILTER (
               WHERE coalesce({unit_remote}, false) OR coalesce({person_remote}, false)
           ) AS remote,
           {sign} * count(*) AS total
    FROM {rows} r
    LEFT JOIN clusters_person p ON p.id = r.nominee_person_id
    {joins}
    WHERE {where}
    GROUP BY 1, 2, 3
"""
#: What each source counts: its table, its rows, its owning unit.
SOURCES = {
    "proposed": {
        "table": "awards_proposal",
        "where": "r.status <> 'draft'",
        "owner": "r.proposing_unit_id",
        "collective_owner": "r.proposing_unit_id",
    },
    "granted": {
        "table": "awards_awardrecord",
        "where": "true",
        "owner": "coalesce(p.unit_id, nu.parent_id, r.nominee_unit_id)",
        "collective_owner": "coalesce({side}.parent_id, r.nominee_unit_id)",
    },
}
LIVE_JOINS = "LEFT JOIN clusters_unit pu ON pu.id = p.unit_id LEFT JOIN clusters_unit nu ON nu.id = r.nominee_unit_id"
UPSERT = """
    INSERT INTO awards_fairnesstally AS t
        (source, year, unit_id, individuals, leaders, direct_workers, collectives, small_collectives, remote, total)
    {counts}
    ON CONFLICT (source, year, unit_id) DO UPDATE SET
        individuals = t.individuals + EXCLUDED.individuals, leaders = t.leaders + EXCLUDED.leaders,
        direct_workers = t.direct_workers + EXCLUDED.direct_workers, collectives = t.collectives + EXCLUDED.collectives,
        small_collectives = t.small_collectives + EXCLUDED.small_collectives, remote = t.remote + EXCLUDED.remote,
        total = t.total + EXCLUDED.total;
"""


def counts(source: str, sign: int, *, rows: str, where: str = "", **parts) -> str:
    spec = SOURCES[source]
    values = {
        "source": source,
        "sign": sign,
        "rows": rows,
        "owner": spec["owner"],
        "category": "p.category",
        "kind": "nu.kind",
        "unit_remote": "nu.is_remote",
        "person_remote": "pu.is_remote",
        "joins": LIVE_JOINS,
        **parts,
        "where": spec["where"] + (f" AND {where}" if where else ""),
    }
    return COUNTS.format(**values)


def upsert(source: str, sign: int, **kwargs) -> str:
    return UPSERT.format(counts=counts(source, sign, **kwargs))


def rows_changed(source: str) -> str:
    """The body of the trigger on the source's table: the rows removed taken away, the rows added added."""
    removed = upsert(source, -1, rows="removed")
    added = upsert(source, 1, rows="added")
    return removed, added


# People: the rows of the people whose category or unit changed, as they counted (old row `o`) and count (`n`).
PERSON_JOINS = "JOIN changed_old o ON o.id = r.nominee_person_id JOIN changed_new n ON n.id = o.id "
PERSON_CHANGED = "(o.category, o.unit_id) IS DISTINCT FROM (n.category, n.unit_id)"


def person_counts(source: str, sign: int, side: str) -> str:
    owner = f"{side}.unit_id" if source == "granted" else SOURCES[source]["owner"]
    return upsert(
        source,
        sign,
        rows=SOURCES[source]["table"],
        owner=owner,
        category=f"{side}.category",
        kind="NULL::text",
        unit_remote="false",
        joins=PERSON_JOINS + f"LEFT JOIN clusters_unit pu ON pu.id = {side}.unit_id",
        where=PERSON_CHANGED,
    )


# Units: their collectives' rows (owner: the parent, for records; kind; remoteness) and their people's (remoteness).
UNIT_CHANGED = "(o.kind, o.parent_id, o.is_remote) IS DISTINCT FROM (n.kind, n.parent_id, n.is_remote)"


def unit_counts(source: str, sign: int, side: str) -> str:
    collectives = upsert(
        source,
        sign,
        rows=SOURCES[source]["table"],
        owner=SOURCES[source]["collective_owner"].format(side=side),
        category="NULL::text",
        kind=f"{side}.kind",
        unit_remote=f"{side}.is_remote",
        person_remote="false",
        joins="JOIN changed_old o ON o.id = r.nominee_unit_id JOIN changed_new n ON n.id = o.id",
        where=UNIT_CHANGED,
    )
    people = upsert(
        source,
        sign,
        rows=SOURCES[source]["table"],
        owner=SOURCES[source]["owner"].replace("nu.parent_id, ", ""),
        kind="NULL::text",
        unit_remote="false",
        person_remote=f"{side}.is_remote",
        joins="JOIN changed_old o ON o.id = p.unit_id JOIN changed_new n ON n.id = o.id",
        where=UNIT_CHANGED + " AND o.is_remote IS DISTINCT FROM n.is_remote AND r.nominee_person_id IS NOT NULL",
    )
    return collectives + people


def function(name: str, *bodies: str) -> str:
    body = "".join(bodies)
    return f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$"


def trigger(name: str, event: str, table: str, referencing: str) -> str:
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


FORWARDS, BACKWARDS = [], []
for source, spec in SOURCES.items():
    table = spec["table"]
    FORWARDS.append(
        "INSERT INTO awards_fairnesstally (source, year, unit_id, individuals, leaders, direct_workers, collectives, "
        "small_collectives, remote, total) " + counts(source, 1, rows=table)
    )
    removed, added = rows_changed(source)
    for name, event, referencing, bodies in [
        (f"fairnesstally_{source}_inserted", "INSERT", "NEW TABLE AS added", [added]),
        (f"fairnesstally_{source}_deleted", "DELETE", "OLD TABLE AS removed", [removed]),
        (f"fairnesstally_{source}_updated", "UPDATE", "OLD TABLE AS removed NEW TABLE AS added", [removed, added]),
    ]:
        FORWARDS += [function(name, *bodies), trigger(name, event, table, referencing)]
        BACKWARDS += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
REFERENCING_CHANGES = "OLD TABLE AS changed_old NEW TABLE AS changed_new"
FORWARDS += [
    function(
        "fairnesstally_people_updated",
        *[person_counts(source, sign, side) for source in SOURCES for sign, side in ((-1, "o"), (1, "n"))],
    ),
    trigger("fairnesstally_people_updated", "UPDATE", "clusters_person", REFERENCING_CHANGES),
    function(
        "fairnesstally_units_updated",
        *[unit_counts(source, sign, side) for source in SOURCES for sign, side in ((-1, "o"), (1, "n"))],
    ),
    trigger("fairnesstally_units_updated", "UPDATE", "clusters_unit", REFERENCING_CHANGES),
]
BACKWARDS += [
    "DROP TRIGGER IF EXISTS fairnesstally_people_updated ON clusters_person",
    "DROP FUNCTION IF EXISTS fairnesstally_people_updated()",
    "DROP TRIGGER IF EXISTS fairnesstally_units_updated ON clusters_unit",
    "DROP FUNCTION IF EXISTS fairnesstally_units_updated()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0013_record_award_rank"),
        ("clusters", "0011_person_position_fold_trigram"),
    ]

    operations = [
        migrations.CreateModel(
            name="FairnessTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "source",
                    models.CharField(choices=[("proposed", "đề nghị"), ("granted", "khen thưởng")], max_length=10),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("individuals", models.IntegerField(default=0)),
                ("leaders", models.IntegerField(default=0)),
                ("direct_workers", models.IntegerField(default=0)),
                ("collectives", models.IntegerField(default=0)),
                ("small_collectives", models.IntegerField(default=0)),
                ("remote", models.IntegerField(default=0)),
                ("total", models.IntegerField(default=0)),
                (
                    "unit",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="clusters.unit",
                        verbose_name="đơn vị",
                    ),
                ),
            ],
            options={
                "verbose_name": "số liệu cơ cấu khen thưởng",
                "verbose_name_plural": "số liệu cơ cấu khen thưởng",
                "constraints": [
                    models.UniqueConstraint(fields=("source", "year", "unit"), name="fairnesstally_one_per_unit_year")
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
