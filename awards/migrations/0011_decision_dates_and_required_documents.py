"""Issue 14, item 14: a decision is not dated before its proposal (a check constraint), and each award type
lists the documents its dossier must hold before it goes up (catalogue data: the achievements report and the
council's minutes). Award types already loaded get the list while theirs is empty; the data is frozen here.
"""

from django.db import migrations, models


#: Every award type of the catalogue at the time of this migration.
CODES = [
    "LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "CSTD_CAP_TINH", "CSTD_TOAN_QUOC", "TAP_THE_LDTT", "TAP_THE_LDXS",
    "CO_THI_DUA_CAP_TINH", "CO_THI_DUA_CHINH_PHU", "GIAY_KHEN", "BANG_KHEN_CAP_TINH", "BANG_KHEN_THU_TUONG",
    "HUAN_CHUONG_LAO_DONG_HANG_BA",
]
REQUIRED = ["report", "minutes"]


def fill_required_documents(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for award_type in AwardType.objects.filter(code__in=CODES):
        if not award_type.required_documents:
            award_type.required_documents = REQUIRED
            award_type.save(update_fields=["required_documents"])


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0010_text_lengths_and_plausible_years'),
    ]

    operations = [
        migrations.AddField(
            model_name='awardtype',
            name='required_documents',
            field=models.JSONField(blank=True, default=list, help_text='Loại tài liệu hồ sơ phải có trước khi trình (mã loại tài liệu: report, minutes, ballot, proof, other).', verbose_name='tài liệu bắt buộc của hồ sơ'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(('decision_date__isnull', True), ('decision_date__gte', models.F('proposal_date')), _connector='OR'), name='proposal_decided_after_proposed', violation_error_message='Ngày quyết định không được trước ngày đề nghị.'),
        ),
        migrations.RunPython(fill_required_documents, migrations.RunPython.noop),
    ]
