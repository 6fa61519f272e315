"""A partial index on the proposals whose eligibility has a result (passed, failed, unknown): the review queue's
three counts read those rows alone, each up to the page count's bound, instead of grouping every proposal of the
list, most of which (history, decided ones) carry no result (issue 16: 56 ms for a system administrator's queue at
scale 1, growing with the data). PostgreSQL and SQLite alike."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS proposal_eligibility_result ON awards_proposal (eligibility_status) "
    "WHERE eligibility_status <> ''"
)


class Migration(migrations.Migration):
    dependencies = [("awards", "0026_dossiers_and_kind_details")]

    operations = [migrations.RunSQL(CREATE, "DROP INDEX IF EXISTS proposal_eligibility_result")]
