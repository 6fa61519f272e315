"""An index on people's unit, given name, full name and id: the keys a list of many units' people sorts (a
province's reviewer's list: 35,000 people of 350 units at scale 10) are read from it alone (an index-only scan)
instead of from 10,000 pages of the table (issue 16). Built concurrently on PostgreSQL (2,000,000 people at scale 10:
the table stays writable); the demo's SQLite builds it as any index."""

from django.db import migrations, models

INDEX = models.Index(fields=["unit", "given_name", "full_name", "id"], name="person_unit_names")


def forwards(apps, schema_editor):
    model = apps.get_model("clusters", "Person")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_unit_names ON clusters_person "
            "(unit_id, given_name, full_name, id)"
        )
    else:
        schema_editor.add_index(model, INDEX)


def backwards(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS person_unit_names")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("clusters", "0021_user_folded_names_list_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="person", index=INDEX)],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
