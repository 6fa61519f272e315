"""Bonus and penalty points are given under a bonus or penalty row of the pledge's scoring table, with the
document that proves them, and PostgreSQL bounds them by that row: the points the unit claimed on the row plus
the points added under it never exceed the row's maximum (issue 14, item 5).

Rows written before this migration keep an empty row and basis; any new or changed row needs both. (SQLite,
used only by the self-contained demo, relies on the services.)
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FUNCTION = """
CREATE OR REPLACE FUNCTION emulation_bound_adjustment() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    row_pledge bigint;
    row_kind text;
    row_max numeric;
    sheet_pledge bigint;
    used numeric;
BEGIN
    IF NEW.criterion_id IS NULL THEN
        RAISE EXCEPTION 'điểm cộng, điểm trừ phải theo một dòng của bảng điểm' USING ERRCODE = '23514';
    END IF;
    SELECT pledge_id, kind, max_points INTO row_pledge, row_kind, row_max
      FROM emulation_scoringcriterion WHERE id = NEW.criterion_id;
    SELECT r.pledge_id INTO sheet_pledge
      FROM emulation_selfassessment a JOIN emulation_scoringround r ON r.id = a.round_id
     WHERE a.id = NEW.assessment_id;
    IF row_pledge IS DISTINCT FROM sheet_pledge THEN
        RAISE EXCEPTION 'dòng % không thuộc bảng điểm của giao ước', NEW.criterion_id USING ERRCODE = '23514';
    END IF;
    IF row_kind NOT IN ('bonus', 'penalty') OR row_kind <> NEW.kind THEN
        RAISE EXCEPTION 'dòng % không phải dòng %', NEW.criterion_id, NEW.kind USING ERRCODE = '23514';
    END IF;
    SELECT COALESCE((SELECT SUM(COALESCE(verified_points, self_points)) FROM emulation_criterionscore
                      WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)
         + COALESCE((SELECT SUM(points) FROM emulation_scoreadjustment
                      WHERE assessment_id = NEW.assessment_id AND criterion_id = NEW.criterion_id), 0)
      INTO used;
    IF used > row_max THEN
        RAISE EXCEPTION 'điểm theo dòng % vượt quá % điểm (%)', NEW.criterion_id, row_max, used
              USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END;
$$;
"""


def create_bound(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(
        "CREATE TRIGGER emulation_scoreadjustment_bound AFTER INSERT OR UPDATE ON emulation_scoreadjustment "
        "FOR EACH ROW EXECUTE FUNCTION emulation_bound_adjustment()"
    )


def drop_bound(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS emulation_scoreadjustment_bound ON emulation_scoreadjustment")
    schema_editor.execute("DROP FUNCTION IF EXISTS emulation_bound_adjustment()")


class Migration(migrations.Migration):

    dependencies = [
        ('emulation', '0004_job_heartbeat'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='scoreadjustment',
            name='basis',
            field=models.CharField(blank=True, help_text='Văn bản, quyết định hoặc tài liệu chứng minh (số, ngày, cơ quan ban hành).', max_length=500, verbose_name='căn cứ, minh chứng'),
        ),
        migrations.AddField(
            model_name='scoreadjustment',
            name='criterion',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='adjustments', to='emulation.scoringcriterion', verbose_name='dòng điểm thưởng, điểm trừ'),
        ),
        migrations.AddConstraint(
            model_name='scoreadjustment',
            constraint=models.CheckConstraint(condition=models.Q(('criterion__isnull', True), models.Q(('basis', ''), _negated=True), _connector='OR'), name='adjustment_has_basis', violation_error_message='Phải nêu căn cứ, minh chứng của điểm cộng, điểm trừ.'),
        ),
        migrations.RunPython(create_bound, drop_bound),
    ]
