"""An index on the pledges' year, newest first: the pledge lists are ordered by year then the group's name, and
without it the first page sorted every pledge joined with its group (31,500 at scale 10, ~20-85 ms); with it the
years are read newest first and each year's pledges sorted by name (an incremental sort). Issue 16."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0015_group_year_summary"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="pledge",
            index=models.Index(fields=["-year"], name="pledge_year_desc"),
        ),
    ]
