"""The fairness tally counts the award records in force only: a revoked record (issue 17) drops out of it, as it
drops out of `AwardRecord.objects`. The triggers of 0014 are rebuilt with the granted side's rows limited to
`revoked_at IS NULL` (a revocation, an UPDATE, takes the record away), and the granted side is counted anew."""

from importlib import import_module

from django.db import migrations

IN_FORCE = "r.revoked_at IS NULL"


def _statements(where: str) -> list[str]:
    tally = import_module("awards.migrations.0014_fairness_tally")
    saved = tally.SOURCES
    tally.SOURCES = {**saved, "granted": {**saved["granted"], "where": where}}
    try:
        table = tally.SOURCES["granted"]["table"]
        removed, added = tally.rows_changed("granted")
        statements = [
            tally.function("fairnesstally_granted_inserted", added),
            tally.function("fairnesstally_granted_deleted", removed),
            tally.function("fairnesstally_granted_updated", removed, added),
        ]
        changes = ((-1, "o"), (1, "n"))
        statements += [
            tally.function(
                "fairnesstally_people_updated",
                *[tally.person_counts(source, sign, side) for source in tally.SOURCES for sign, side in changes],
            ),
            tally.function(
                "fairnesstally_units_updated",
                *[tally.unit_counts(source, sign, side) for source in tally.SOURCES for sign, side in changes],
            ),
            "DELETE FROM awards_fairnesstally WHERE source = 'granted'",
            "INSERT INTO awards_fairnesstally (source, year, unit_id, individuals, leaders, direct_workers, "
            "collectives, small_collectives, remote, total) " + tally.counts("granted", 1, rows=table),
        ]
        return statements
    finally:
        tally.SOURCES = saved


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements(IN_FORCE):
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements("true"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("awards", "0018_document_templates")]

    operations = [migrations.RunPython(forwards, backwards)]
