"""An index in the proposal list's order (year newest first, status, id newest first): the list's page is read by
walking it, LIMIT 25, instead of joining and sorting all 50,000 proposals (issue 16: an admin's proposal list took
378 ms at scale 1). PostgreSQL and SQLite alike."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS proposal_list_order ON awards_proposal (year DESC, status, id DESC)"
)


class Migration(migrations.Migration):
    dependencies = [("awards", "0011_decision_dates_and_required_documents")]

    operations = [migrations.RunSQL(CREATE, "DROP INDEX IF EXISTS proposal_list_order")]
