from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Diacritic-insensitive search on PostgreSQL (no-op on the SQLite demo database)."""

    dependencies = [("clusters", "0001_initial")]

    operations = [UnaccentExtension()]
