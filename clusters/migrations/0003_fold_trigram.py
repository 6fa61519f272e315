"""Indexed accent-insensitive search: an IMMUTABLE `thidua_fold(text)` (lower(unaccent(text)), which an
index expression needs) and a trigram index on people's names, so "nguyen van" among 200,000 people
uses the index instead of folding every row (issue 6, award-history search). PostgreSQL only."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FOLD = """
CREATE OR REPLACE FUNCTION thidua_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FOLD)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_full_name_fold_trgm ON clusters_person "
        "USING gin (thidua_fold(full_name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_full_name_fold_trgm")
    schema_editor.execute("DROP FUNCTION IF EXISTS thidua_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0002_unaccent")]

    operations = [TrigramExtension(), migrations.RunPython(forwards, backwards)]
