"""The boards' administrators (Role.BOARD_ADMIN), who manage their units' accounts in the app; leaders must have an
e-mail (they sign and are reminded by e-mail); on PostgreSQL, a board's roles (reviewer, board administrator) only
at a board (SQLite, used only by the self-contained demo, relies on the services)."""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION clusters_guard_board_role() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role IN ('reviewer', 'board_admin') AND NOT EXISTS (
        SELECT 1 FROM clusters_unit WHERE id = NEW.unit_id AND kind IN ('board', 'central')
    ) THEN
        RAISE EXCEPTION 'tài khoản % (vai trò %) phải thuộc một Ban Thi đua - Khen thưởng', NEW.username, NEW.role
            USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$;
"""


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(
        "CREATE TRIGGER clusters_user_board_role_guard BEFORE INSERT OR UPDATE OF role, unit_id ON clusters_user "
        "FOR EACH ROW EXECUTE FUNCTION clusters_guard_board_role()"
    )


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS clusters_user_board_role_guard ON clusters_user")
    schema_editor.execute("DROP FUNCTION IF EXISTS clusters_guard_board_role()")


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('clusters', '0004_unit_name_fold_trigram'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='user_role_valid',
        ),
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(choices=[('staff', 'Cán bộ thi đua của đơn vị'), ('leader', 'Lãnh đạo đơn vị'), ('reviewer', 'Chuyên viên thẩm định (Ban Thi đua - Khen thưởng)'), ('board_admin', 'Quản trị của Ban Thi đua - Khen thưởng'), ('admin', 'Quản trị hệ thống')], default='staff', max_length=12, verbose_name='vai trò'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['staff', 'leader', 'reviewer', 'board_admin', 'admin'])), name='user_role_valid'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'leader'), _negated=True), models.Q(('email', ''), _negated=True), _connector='OR'), name='user_leader_has_email', violation_error_message='Tài khoản lãnh đạo đơn vị phải có địa chỉ e-mail.'),
        ),
        migrations.RunPython(create_guard, drop_guard),
    ]
