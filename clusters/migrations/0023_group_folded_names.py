"""Groups' names and short names folded (lower-case, without diacritics: `thidua_fold`) in stored generated columns,
with a trigram index on each (PostgreSQL), as units' names are (0019).

Issue 16: the groups list's search folded both names of every group for each word typed, on the page's two queries
(1,500 groups at scale 10), and the searches through a group's name (pledges, the overview) folded them again to
list the groups matching each word. The stored columns are compared as they are."""

from django.db import migrations, models

import clusters.search

INDEXES = {"group_folded_name_trgm": "folded_name", "group_folded_short_name_trgm": "folded_short_name"}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON clusters_emulationgroup USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0022_person_unit_names")]

    operations = [
        migrations.AddField(
            model_name="emulationgroup",
            name="folded_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("name"),
                output_field=models.TextField(),
                verbose_name="tên không dấu",
            ),
        ),
        migrations.AddField(
            model_name="emulationgroup",
            name="folded_short_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("short_name"),
                output_field=models.TextField(),
                verbose_name="tên ngắn không dấu",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
