"""Signatures keep their signer's name as written when signed. Those given before clusters.0006 on a pledge still
open for signing carry the name in the order the account's two name fields gave, reversed for accounts entered in
Django's admin ("Đức Nguyễn Đình"): they take the account's full name in Vietnamese order ("Nguyễn Đình Đức") when
it is the same words reordered. Signatures on a signed, sealed pledge are left as signed: the seal covers the names
and PostgreSQL refuses any change to them (0003_signed_pledge_guard)."""

from django.db import migrations


def reorder_signer_names(apps, schema_editor):
    PledgeSignature = apps.get_model("emulation", "PledgeSignature")
    changed = []
    for signature in PledgeSignature.objects.exclude(pledge__status="signed").select_related("signer"):
        full_name = signature.signer.full_name
        if full_name and signature.signer_name != full_name and sorted(signature.signer_name.split()) == sorted(
            full_name.split()
        ):
            signature.signer_name = full_name
            changed.append(signature)
    PledgeSignature.objects.bulk_update(changed, ["signer_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("emulation", "0008_item_criterion_updated_at"), ("clusters", "0010_vietnamese_names")]

    operations = [migrations.RunPython(reorder_signer_names, migrations.RunPython.noop)]
