"""Trigram index on award records' decision numbers, folded like the search (clusters.0003 `thidua_fold`),
so the award-history search combines index scans instead of reading 500,000 rows. PostgreSQL only."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS awardrecord_decision_fold_trgm ON awards_awardrecord "
        "USING gin (thidua_fold(decision_number) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS awardrecord_decision_fold_trgm")


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_deadline_constraints_portable"), ("clusters", "0003_fold_trigram")]

    operations = [migrations.RunPython(forwards, backwards)]
