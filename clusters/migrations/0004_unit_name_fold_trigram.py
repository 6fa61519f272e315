"""Trigram index on units' folded names (clusters.0003 `thidua_fold`): the award-history search looks up the
units whose name contains each word first; without the index that folded all 2,000+ names on every search
(~12 ms at scale 1). PostgreSQL only."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS unit_name_fold_trgm ON clusters_unit USING gin (thidua_fold(name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS unit_name_fold_trgm")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0003_fold_trigram")]

    operations = [migrations.RunPython(forwards, backwards)]
