"""PostgreSQL refuses a membership in a year the unit was not active (the Gia Lai formed on 1/7/2025 as a member
in 2023), and a change of a unit's active period that would leave one of its memberships outside it.

The membership service and form refuse it first, in Vietnamese; this guard also stops a stray INSERT from a shell,
a bulk load or another program. (SQLite, used only by the self-contained demo, relies on the services.)
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION clusters_membership_in_unit_span() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF TG_TABLE_NAME = 'clusters_membership' THEN
        SELECT u.name, NEW.year AS year INTO bad FROM clusters_unit u
         WHERE u.id = NEW.unit_id
           AND ((u.active_from IS NOT NULL AND EXTRACT(YEAR FROM u.active_from) > NEW.year)
             OR (u.active_to IS NOT NULL AND EXTRACT(YEAR FROM u.active_to) < NEW.year));
    ELSE
        IF NEW.active_from IS NOT DISTINCT FROM OLD.active_from AND NEW.active_to IS NOT DISTINCT FROM OLD.active_to
        THEN
            RETURN NEW;
        END IF;
        SELECT NEW.name AS name, m.year INTO bad FROM clusters_membership m
         WHERE m.unit_id = NEW.id
           AND ((NEW.active_from IS NOT NULL AND EXTRACT(YEAR FROM NEW.active_from) > m.year)
             OR (NEW.active_to IS NOT NULL AND EXTRACT(YEAR FROM NEW.active_to) < m.year))
         LIMIT 1;
    END IF;
    IF FOUND THEN
        RAISE EXCEPTION 'đơn vị % không hoạt động trong năm % (thành viên cụm, khối)', bad.name, bad.year
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
        "CREATE TRIGGER clusters_membership_in_unit_span BEFORE INSERT OR UPDATE OF unit_id, year "
        "ON clusters_membership FOR EACH ROW EXECUTE FUNCTION clusters_membership_in_unit_span()"
    )
    schema_editor.execute(
        "CREATE TRIGGER clusters_unit_span_keeps_memberships BEFORE UPDATE OF active_from, active_to "
        "ON clusters_unit FOR EACH ROW EXECUTE FUNCTION clusters_membership_in_unit_span()"
    )


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS clusters_membership_in_unit_span ON clusters_membership")
    schema_editor.execute("DROP TRIGGER IF EXISTS clusters_unit_span_keeps_memberships ON clusters_unit")
    schema_editor.execute("DROP FUNCTION IF EXISTS clusters_membership_in_unit_span()")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0007_text_length_limits")]

    operations = [migrations.RunPython(create_guard, drop_guard)]
