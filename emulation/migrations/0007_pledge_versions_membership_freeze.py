"""Pledge versions and frozen memberships (issue 14, items 1-4).

- `PledgeVersion`: the snapshot of what was put up for signature, one per version opened for signing.
  Pledges already open or signed get a snapshot of their current data (the data migration below: the group and
  units as named today, which is the best that can be known of that day).
- The signed-pledge guard of migration 0003 covers the versions too: nothing changes once signed.
- The members, chair and vice-chair of a group's year are frozen from the moment the year's pledge is open for
  signing (until an amendment takes it back to drafting) and for good once its scoring round or ballot closed:
  PostgreSQL refuses any insert, change or removal of those membership rows. The services say why first
  (`clusters.services.groups.register_membership_freeze`, registered by `emulation.apps`).
"""

import django.db.models.deletion
from django.db import migrations, models


FROZEN_MEMBERSHIP = """
CREATE OR REPLACE FUNCTION emulation_membership_frozen(g bigint, y integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM emulation_pledge WHERE group_id = g AND year = y AND status IN ('open', 'signed'))
        OR EXISTS (SELECT 1 FROM emulation_scoringround WHERE group_id = g AND year = y AND status = 'closed')
        OR EXISTS (SELECT 1 FROM emulation_ballot WHERE group_id = g AND year = y AND status = 'closed')
$$;

CREATE OR REPLACE FUNCTION emulation_guard_frozen_membership() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
        RETURN NEW;
    END IF;
    IF TG_OP <> 'INSERT' AND emulation_membership_frozen(OLD.group_id, OLD.year) THEN
        RAISE EXCEPTION 'thành viên cụm, khối % năm % đã chốt theo giao ước hoặc kết quả cuối năm', OLD.group_id, OLD.year
            USING ERRCODE = '23000';
    END IF;
    IF TG_OP <> 'DELETE' AND emulation_membership_frozen(NEW.group_id, NEW.year) THEN
        RAISE EXCEPTION 'thành viên cụm, khối % năm % đã chốt theo giao ước hoặc kết quả cuối năm', NEW.group_id, NEW.year
            USING ERRCODE = '23000';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER clusters_membership_frozen_guard BEFORE INSERT OR UPDATE OR DELETE ON clusters_membership
FOR EACH ROW EXECUTE FUNCTION emulation_guard_frozen_membership();

CREATE TRIGGER emulation_pledgeversion_signed_guard BEFORE INSERT OR UPDATE OR DELETE ON emulation_pledgeversion
FOR EACH ROW EXECUTE FUNCTION emulation_guard_signed_pledge();
"""

DROP_FROZEN_MEMBERSHIP = """
DROP TRIGGER IF EXISTS emulation_pledgeversion_signed_guard ON emulation_pledgeversion;
DROP TRIGGER IF EXISTS clusters_membership_frozen_guard ON clusters_membership;
DROP FUNCTION IF EXISTS emulation_guard_frozen_membership();
DROP FUNCTION IF EXISTS emulation_membership_frozen(bigint, integer);
"""


def snapshot_opened_pledges(apps, schema_editor):
    """Snapshot the current data of every pledge open for signing or signed (its current version)."""
    from emulation import seal

    Pledge = apps.get_model("emulation", "Pledge")
    PledgeVersion = apps.get_model("emulation", "PledgeVersion")
    Membership = apps.get_model("clusters", "Membership")
    for pledge in Pledge.objects.filter(status__in=["open", "signed"]).select_related("group").iterator():
        items = [
            {
                "number": item.number,
                "title": item.title,
                "body": item.body,
                "campaigns": list(item.campaigns.values_list("pk", flat=True)),
                "targets": list(item.targets.values("indicator", "unit_of_measure", "target_value", "order", "id")),
            }
            for item in pledge.items.order_by("number")
        ]
        criteria = pledge.criteria.order_by("order", "code").values(
            "section", "code", "title", "max_points", "kind", "rule_text"
        )
        content = seal.canonical_content(
            pledge={
                "group_id": pledge.group_id,
                "year": pledge.year,
                "version": pledge.version,
                "title": pledge.title,
                "preamble": pledge.preamble,
                "place": pledge.place,
            },
            group_name=pledge.group.name,
            items=items,
            criteria=criteria,
        )
        members = [
            {"unit_id": unit_id, "name": name, "role": role}
            for unit_id, name, role in Membership.objects.filter(group_id=pledge.group_id, year=pledge.year)
            .order_by("unit__name")
            .values_list("unit_id", "unit__name", "role")
        ]
        PledgeVersion.objects.create(
            pledge=pledge,
            number=pledge.version,
            content=content,
            fingerprint=seal.fingerprint(content),
            members=members,
            opened_at=pledge.opened_at or pledge.signed_at or pledge.created_at,
        )


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FROZEN_MEMBERSHIP, params=None)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FROZEN_MEMBERSHIP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('emulation', '0006_text_lengths_and_plausible_years'),
    ]

    operations = [
        migrations.CreateModel(
            name='PledgeVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='phiên bản')),
                ('content', models.JSONField(verbose_name='nội dung đã đưa ra ký')),
                ('fingerprint', models.CharField(max_length=64, verbose_name='dấu vân tay SHA-256')),
                ('members', models.JSONField(default=list, verbose_name='đơn vị thành viên khi mở ký')),
                ('opened_at', models.DateTimeField(verbose_name='mở ký lúc')),
                ('superseded_at', models.DateTimeField(blank=True, null=True, verbose_name='bị thay thế lúc')),
                ('amend_reason', models.TextField(blank=True, verbose_name='lý do sửa đổi')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='emulation.pledge', verbose_name='giao ước')),
            ],
            options={
                'verbose_name': 'phiên bản giao ước',
                'verbose_name_plural': 'phiên bản giao ước',
                'ordering': ['pledge', 'number'],
                'constraints': [models.UniqueConstraint(fields=('pledge', 'number'), name='one_snapshot_per_pledge_version'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='pledge_version_number_positive'), models.CheckConstraint(condition=models.Q(('superseded_at__isnull', True), models.Q(('amend_reason', ''), _negated=True), _connector='OR'), name='superseded_version_has_reason')],
            },
        ),
        migrations.RunPython(snapshot_opened_pledges, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
