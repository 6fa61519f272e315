"""Units' names folded (lower-case, without diacritics: `thidua_fold`) in a stored generated column, with a trigram
index on it (PostgreSQL), as people's names are (0017).

Issue 16: the searches that match a unit's name (a proposal's proposing unit, the pickers) folded every unit's name
again for each word typed, through `unaccent`; a unit's long name typed as a search is a dozen words, and at scale 10
there are 20,000 units. The stored column is compared as it is. The trigram index on the expression (0004) stays for
the searches that still fold the name themselves (the award records' search)."""

from django.db import migrations, models

import clusters.search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS unit_folded_name_trgm ON clusters_unit USING gin (folded_name gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS unit_folded_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0018_household_under_commune"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="folded_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("name"),
                output_field=models.TextField(),
                verbose_name="tên không dấu",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
