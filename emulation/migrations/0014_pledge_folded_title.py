"""Pledges' titles folded (lower-case, without diacritics: `thidua_fold`) in a stored generated column, with a trigram
index on it (PostgreSQL), as units' names are (clusters.0019).

Issue 16: the pledge list's search folded every pledge's title again, through `unaccent`, for each word typed, on both
of the page's queries (the bounded count and the page): at scale 10, 31,500 titles, ~80 ms each, the system
administrator's search "nguyen" 0.4-0.7x the Django admin's changelist. The stored column is compared as it is, and
the trigram index answers the words no title holds without reading every title."""

from django.db import migrations, models

import clusters.search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS pledge_folded_title_trgm ON emulation_pledge USING gin (folded_title gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS pledge_folded_title_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0013_statistics_forms_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="pledge",
            name="folded_title",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("title"),
                output_field=models.TextField(),
                verbose_name="tiêu đề không dấu",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
