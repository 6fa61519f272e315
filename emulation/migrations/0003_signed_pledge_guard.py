"""PostgreSQL refuses any change to a signed pledge, its content, scoring table and signatures.

The services already refuse it; this guard also stops a stray UPDATE from a
shell or another program. (SQLite, used only by the self-contained demo, relies
on the services.)
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION emulation_guard_signed_pledge() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_pledge bigint;
    new_pledge bigint;
BEGIN
    IF TG_TABLE_NAME = 'emulation_pledge' THEN
        IF TG_OP <> 'INSERT' AND OLD.status = 'signed' THEN
            RAISE EXCEPTION 'giao ước % đã ký kết và đã khóa', OLD.id USING ERRCODE = '23000';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        IF TG_TABLE_NAME = 'emulation_pledgetarget' THEN
            SELECT pledge_id INTO old_pledge FROM emulation_pledgeitem WHERE id = OLD.item_id;
        ELSIF TG_TABLE_NAME = 'emulation_pledgeitem_campaigns' THEN
            SELECT pledge_id INTO old_pledge FROM emulation_pledgeitem WHERE id = OLD.pledgeitem_id;
        ELSE
            old_pledge := OLD.pledge_id;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF TG_TABLE_NAME = 'emulation_pledgetarget' THEN
            SELECT pledge_id INTO new_pledge FROM emulation_pledgeitem WHERE id = NEW.item_id;
        ELSIF TG_TABLE_NAME = 'emulation_pledgeitem_campaigns' THEN
            SELECT pledge_id INTO new_pledge FROM emulation_pledgeitem WHERE id = NEW.pledgeitem_id;
        ELSE
            new_pledge := NEW.pledge_id;
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM emulation_pledge WHERE id IN (old_pledge, new_pledge) AND status = 'signed') THEN
        RAISE EXCEPTION 'giao ước đã ký kết và đã khóa (%)', TG_TABLE_NAME USING ERRCODE = '23000';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$;
"""

TABLES = [
    "emulation_pledge",
    "emulation_pledgeitem",
    "emulation_pledgetarget",
    "emulation_pledgeitem_campaigns",
    "emulation_scoringcriterion",
    "emulation_pledgesignature",
]


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_signed_guard BEFORE UPDATE OR DELETE"
            f"{' OR INSERT' if table != 'emulation_pledge' else ''} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION emulation_guard_signed_pledge()"
        )


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_signed_guard ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS emulation_guard_signed_pledge()")


class Migration(migrations.Migration):
    dependencies = [("emulation", "0002_yearend_ballot_reports")]

    operations = [migrations.RunPython(create_guard, drop_guard)]
