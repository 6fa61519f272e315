"""Accounts' name, username and e-mail folded (lower-case, without diacritics: `thidua_fold`) in stored generated
columns, with a trigram index on each (PostgreSQL), as people's (0017) and units' (0019) names are; an index on units'
names in order and one on memberships' years.

Issue 16, at scale 10 (40,000 accounts, 20,000 units, 384,000 memberships):
- the accounts list's search folded the three columns of every account for each word typed, on the page's two queries
  (the bounded count and the page): ~0.4 s each. The stored columns are compared as they are, through their indexes;
- the accounts list is in the order of its accounts' units' names: the index on (name, id) lets the database walk the
  units in that order and fetch their accounts by `unit_id`, a page's worth, instead of sorting all 40,000 accounts;
- the groups list opens on the latest year with members: the index on `year` answers it from its last entry instead
  of reading every membership (~65 ms)."""

from django.db import migrations, models

import clusters.search

COLUMNS = {
    "user_folded_name_trgm": "folded_name",
    "user_folded_username_trgm": "folded_username",
    "user_folded_email_trgm": "folded_email",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, column in COLUMNS.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON clusters_user USING gin ({column} gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0020_unit_short_name_fold_trigram")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="folded_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("full_name"),
                output_field=models.TextField(),
                verbose_name="tên không dấu",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="folded_username",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("username"),
                output_field=models.TextField(),
                verbose_name="tên đăng nhập không dấu",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="folded_email",
            field=models.GeneratedField(
                db_persist=True,
                expression=clusters.search.Fold("email"),
                output_field=models.TextField(),
                verbose_name="e-mail không dấu",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(model_name="membership", index=models.Index(fields=["year"], name="membership_year")),
        migrations.AddIndex(model_name="unit", index=models.Index(fields=["name", "id"], name="unit_name_order")),
    ]
