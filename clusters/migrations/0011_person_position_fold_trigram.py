"""Trigram index on people's folded positions (clusters.0003 `thidua_fold`): the people search looks for each word
in the name, the position and the unit's name; with the name's index (0003), this one and the unit ids listed
first (`clusters.search.search`), the database ORs three index scans instead of folding 200,000 rows (issue 16:
"nguyen" took 2.9 s at scale 1). PostgreSQL only."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_position_fold_trgm ON clusters_person "
        "USING gin (thidua_fold(position) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_position_fold_trgm")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0010_vietnamese_names")]

    operations = [migrations.RunPython(forwards, backwards)]
