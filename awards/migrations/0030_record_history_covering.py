"""The award records' list order index carries the columns the read rule checks (the nominee unit and person, the
revocation), so that a reviewer's deep page walks the index past other provinces' records without reading the
table's rows (issue 16: a province's reviewer's last counted page at scale 10, 220 -> 60-75 ms)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0029_late_index_proposals'),
        ('clusters', '0024_person_folded_position'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='awardrecord',
            name='awardrecord_history_order',
        ),
        migrations.AddIndex(
            model_name='awardrecord',
            index=models.Index(fields=['-year', '-award_rank', 'id'], include=('nominee_unit', 'nominee_person', 'revoked_at'), name='awardrecord_history_order'),
        ),
    ]
