"""A decision is not dated before its proposal (issue 14, item 14)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0008_correct_catalogue_citations'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(('decision_date__isnull', True), ('decision_date__gte', models.F('proposal_date')), _connector='OR'), name='proposal_decided_after_proposed', violation_error_message='Ngày quyết định không được trước ngày đề nghị.'),
        ),
    ]
