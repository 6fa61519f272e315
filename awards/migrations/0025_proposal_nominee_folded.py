"""Each proposal's nominee name, folded (`thidua_fold`: lower-case, without diacritics), copied onto the proposal and
kept by the database (like the award rank of 0013), with a trigram index: the proposal search ("nguyen") reads the
proposals' own index instead of joining every proposal with its person and folding the name (issue 16: an
administrator's proposal search took 0.2-0.3 s of folding at scale 1 on a quiet machine, 1.1 s on a busy one).

Triggers keep the copy: on a proposal's insert (the ORM's, an import's, a COPY's) or change of nominee, and on a
person's or a unit's change of name (its proposals follow). On PostgreSQL here; SQLite (the demo) gets its triggers
after each `migrate` (awards/apps.py), as the rank's."""

from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION proposal_fold_nominee() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.nominee_folded := COALESCE(
            (SELECT p.folded_name FROM clusters_person p WHERE p.id = NEW.nominee_person_id),
            (SELECT thidua_fold(u.name) FROM clusters_unit u WHERE u.id = NEW.nominee_unit_id),
            '');
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER proposal_fold_nominee BEFORE INSERT OR UPDATE OF nominee_person_id, nominee_unit_id, "
    "nominee_folded ON awards_proposal FOR EACH ROW EXECUTE FUNCTION proposal_fold_nominee()",
    """
    CREATE OR REPLACE FUNCTION person_name_to_proposals() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE awards_proposal SET nominee_folded = NEW.folded_name WHERE nominee_person_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER person_name_to_proposals AFTER UPDATE OF full_name ON clusters_person "
    "FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) EXECUTE FUNCTION person_name_to_proposals()",
    """
    CREATE OR REPLACE FUNCTION unit_name_to_proposals() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE awards_proposal SET nominee_folded = thidua_fold(NEW.name) WHERE nominee_unit_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER unit_name_to_proposals AFTER UPDATE OF name ON clusters_unit "
    "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION unit_name_to_proposals()",
    "UPDATE awards_proposal SET nominee_folded = ''",  # the insert-or-update trigger fills it in
    "CREATE INDEX IF NOT EXISTS proposal_nominee_folded_trgm ON awards_proposal "
    "USING gin (nominee_folded gin_trgm_ops)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS proposal_nominee_folded_trgm",
    "DROP TRIGGER IF EXISTS unit_name_to_proposals ON clusters_unit",
    "DROP FUNCTION IF EXISTS unit_name_to_proposals()",
    "DROP TRIGGER IF EXISTS person_name_to_proposals ON clusters_person",
    "DROP FUNCTION IF EXISTS person_name_to_proposals()",
    "DROP TRIGGER IF EXISTS proposal_fold_nominee ON awards_proposal",
    "DROP FUNCTION IF EXISTS proposal_fold_nominee()",
]


def forwards(apps, schema_editor):
    for statement in POSTGRESQL if schema_editor.connection.vendor == "postgresql" else []:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0024_initiative_window_rules"),
        ("clusters", "0017_person_folded_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="nominee_folded",
            field=models.TextField(
                default="", editable=False, verbose_name="tên người, tập thể được đề nghị không dấu"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
