"""People's positions folded in a stored generated column, with a trigram index on it (PostgreSQL), in place of the
trigram index on the expression `thidua_fold(position)` (0011), as 0017 did for the names.

Issue 16: the people search checks each word in the name, the position and the unit's name; for a word the index
scans do not narrow ("van" among the 100,000 "nguyen" at scale 10), every person found was folded again to check
the position (the admin's "nguyen van": 30% of the page's 130 ms). The stored column is compared as it is."""

from django.db import migrations, models

import clusters.search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_folded_position_trgm ON clusters_person "
        "USING gin (folded_position gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_position_fold_trgm")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_position_fold_trgm ON clusters_person "
        "USING gin (thidua_fold(position) gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_folded_position_trgm")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0023_group_folded_names")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="folded_position",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("position"),
                output_field=models.TextField(),
                verbose_name="chức vụ không dấu",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
