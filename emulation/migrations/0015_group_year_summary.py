"""The year-end overview's summary table (`GroupYearSummary`): one row per group-year with members and its chair,
filled from the memberships and kept by statement-level triggers on `clusters_membership` (with transition tables:
a bulk load or COPY recomputes the group-years it touched once per statement). PostgreSQL only.

Issue 16: the system administrator's overview picked one membership per group-year (the chair's, or the first
member's in a year without a chair) out of every membership, an anti-join over all 422,615 of them at scale 10
before the first page could be cut (~170-215 ms p95)."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "emulation_groupyearsummary"

#: Recompute the group-years `touched` (a query of group_id, year): dropped when no membership is left, else
#: inserted or given their chair (the member whose role is chair: at most one, `one_chair_per_group_year`).
SYNC = f"""
    WITH touched AS ({{touched}}),
    gone AS (
        DELETE FROM {TABLE} s USING touched t
        WHERE s.group_id = t.group_id AND s.year = t.year
          AND NOT EXISTS (SELECT 1 FROM clusters_membership m WHERE m.group_id = t.group_id AND m.year = t.year)
    )
    INSERT INTO {TABLE} AS s (group_id, year, chair_id)
    SELECT t.group_id, t.year, (
        SELECT m.unit_id FROM clusters_membership m
        WHERE m.group_id = t.group_id AND m.year = t.year AND m.role = 'chair'
    )
    FROM touched t
    WHERE EXISTS (SELECT 1 FROM clusters_membership m WHERE m.group_id = t.group_id AND m.year = t.year)
    ON CONFLICT (group_id, year) DO UPDATE SET chair_id = EXCLUDED.chair_id
    WHERE s.chair_id IS DISTINCT FROM EXCLUDED.chair_id;
"""
EVENTS = {
    # trigger name: (event, transition tables, the group-years touched)
    "emulation_group_year_inserted": ("INSERT", "NEW TABLE AS added", "SELECT DISTINCT group_id, year FROM added"),
    "emulation_group_year_deleted": ("DELETE", "OLD TABLE AS removed", "SELECT DISTINCT group_id, year FROM removed"),
    "emulation_group_year_updated": (
        "UPDATE",
        "OLD TABLE AS removed NEW TABLE AS added",
        "SELECT group_id, year FROM removed UNION SELECT group_id, year FROM added",
    ),
}
FILL = f"""
    INSERT INTO {TABLE} (group_id, year, chair_id)
    SELECT group_id, year, max(unit_id) FILTER (WHERE role = 'chair')
    FROM clusters_membership GROUP BY group_id, year
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FILL)
    for name, (event, referencing, touched) in EVENTS.items():
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{SYNC.format(touched=touched)} RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON clusters_membership REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION emulation_group_year_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM {TABLE}; RETURN NULL; END $$"
    )
    schema_editor.execute(
        "CREATE TRIGGER emulation_group_year_truncated AFTER TRUNCATE ON clusters_membership "
        "FOR EACH STATEMENT EXECUTE FUNCTION emulation_group_year_truncated()"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*EVENTS, "emulation_group_year_truncated"]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON clusters_membership")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0020_unit_short_name_fold_trigram"),
        ("emulation", "0014_pledge_folded_title"),
    ]

    operations = [
        migrations.CreateModel(
            name="GroupYearSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="năm")),
                (
                    "chair",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="clusters.unit",
                        verbose_name="trưởng cụm, khối",
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="clusters.emulationgroup",
                        verbose_name="cụm, khối",
                    ),
                ),
            ],
            options={
                "verbose_name": "tổng hợp cụm, khối theo năm",
                "verbose_name_plural": "tổng hợp cụm, khối theo năm",
                "indexes": [models.Index(fields=["-year", "group"], name="group_year_summary_year")],
                "constraints": [models.UniqueConstraint(fields=("group", "year"), name="one_summary_per_group_year")],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
