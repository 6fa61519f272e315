"""At most one pending export of the same user and filters. Apart from 0005, which moves rows: PostgreSQL
cannot build an index in the transaction that has just updated the table's rows (pending trigger events)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0005_record_export_job'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='recordexport',
            constraint=models.UniqueConstraint(condition=models.Q(('requested_by__isnull', False), ('status__in', ['queued', 'running'])), fields=('requested_by', 'query', 'year', 'award_type'), name='one_pending_record_export', nulls_distinct=False),
        ),
    ]
