"""Trigram index on units' folded short names: the unit list's search compares `thidua_fold(short_name)` as well as
the stored folded name (clusters.selectors.units.unit_list); without this index the OR of the two made PostgreSQL
fold all 20,157 short names at scale 10 on each of the page's two queries (the bounded count and the page), ~50 ms
each, instead of ORing the two trigram indexes (issue 16). PostgreSQL only."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS unit_short_name_fold_trgm ON clusters_unit "
        "USING gin (thidua_fold(short_name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS unit_short_name_fold_trgm")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0019_unit_folded_name")]

    operations = [migrations.RunPython(forwards, backwards)]
