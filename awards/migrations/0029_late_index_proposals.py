"""A partial index on the proposals sent late, in the list's order (year newest first, status, id newest first):
the review queue's "late" filter read them by scanning every proposal, as the late ones are few (issue 16: a
system administrator's queue at scale 10, 97 ms for its count and again for its page, of 500,000 proposals with
none late); now it walks the late ones alone. PostgreSQL and SQLite alike (the late ones are few: built at once)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS proposal_late_list_order ON awards_proposal (year DESC, status, id DESC) "
    "WHERE is_late"
)


class Migration(migrations.Migration):
    dependencies = [("awards", "0028_record_decision_number_index")]

    operations = [migrations.RunSQL(CREATE, "DROP INDEX IF EXISTS proposal_late_list_order")]
