"""The award type's rank copied onto each award record (`award_rank`), kept by the database itself, and an index in
the award history's order (year newest first, rank highest first, id): the history's pages, the first and the deep
ones alike, are read by walking that index instead of joining every record of a year with its award type and
sorting them (issue 16: the award-record list's page 20,000 took 4.7 s at scale 1).

Triggers keep the copy: on an award record's insert (the ORM's, a bulk import's, a COPY's) or change of award type,
and on an award type's change of rank (its records follow). On PostgreSQL here; SQLite (the demo) gets its triggers
after each `migrate` (awards/apps.py): SQLite rebuilds a table to alter it, which a trigger naming it would fail."""

from django.db import migrations, models

BACKFILL = (
    "UPDATE awards_awardrecord SET award_rank = "
    "(SELECT t.rank FROM awards_awardtype t WHERE t.id = awards_awardrecord.award_type_id)"
)

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION awardrecord_copy_rank() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.award_rank := (SELECT t.rank FROM awards_awardtype t WHERE t.id = NEW.award_type_id);
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER awardrecord_copy_rank BEFORE INSERT OR UPDATE OF award_type_id, award_rank ON awards_awardrecord "
    "FOR EACH ROW EXECUTE FUNCTION awardrecord_copy_rank()",
    """
    CREATE OR REPLACE FUNCTION awardtype_rank_to_records() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE awards_awardrecord SET award_rank = NEW.rank WHERE award_type_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER awardtype_rank_to_records AFTER UPDATE OF rank ON awards_awardtype "
    "FOR EACH ROW WHEN (OLD.rank IS DISTINCT FROM NEW.rank) EXECUTE FUNCTION awardtype_rank_to_records()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS awardtype_rank_to_records ON awards_awardtype",
    "DROP FUNCTION IF EXISTS awardtype_rank_to_records()",
    "DROP TRIGGER IF EXISTS awardrecord_copy_rank ON awards_awardrecord",
    "DROP FUNCTION IF EXISTS awardrecord_copy_rank()",
]
def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(BACKFILL)
    for statement in POSTGRESQL if vendor == "postgresql" else []:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRESQL_DROP if vendor == "postgresql" else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0012_proposal_list_order_index"),
        ("clusters", "0011_person_position_fold_trigram"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="awardrecord",
            options={
                "ordering": ["-year", "-award_rank", "id"],
                "verbose_name": "khen thưởng đã nhận",
                "verbose_name_plural": "khen thưởng đã nhận",
            },
        ),
        migrations.AddField(
            model_name="awardrecord",
            name="award_rank",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="awardrecord",
            index=models.Index(
                models.OrderBy(models.F("year"), descending=True),
                models.OrderBy(models.F("award_rank"), descending=True),
                models.F("id"),
                name="awardrecord_history_order",
            ),
        ),
        # after the index: the backfill then updates an indexed column, so the new index is usable at once (an index
        # built after it, with the rows' old versions still visible to some session, waits until they are not)
        migrations.RunPython(forwards, backwards),
    ]
