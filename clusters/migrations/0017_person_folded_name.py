"""People's names folded (lower-case, without diacritics: `thidua_fold`) in a stored generated column, with a trigram
index on it (PostgreSQL), in place of the trigram index on the expression `thidua_fold(full_name)` (0003).

Issue 16: a common word ("nguyen" is in a fifth of the names) matches tens of thousands of rows, and every row the
expression index hands over was folded again to check it (a bitmap scan's recheck), as was every row of a join that
compared a related person's folded name (the proposal and award-record searches): 0.2-0.3 s at scale 1 for the
folding alone. The stored column is compared as it is."""

from django.db import migrations, models

import clusters.search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_folded_name_trgm ON clusters_person USING gin (folded_name gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_full_name_fold_trgm")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_full_name_fold_trgm ON clusters_person "
        "USING gin (thidua_fold(full_name) gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_folded_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0016_api_tokens")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="folded_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("full_name"),
                output_field=models.TextField(),
                verbose_name="tên không dấu",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
