"""Load the statutory statistics forms 0601–0605 of Thông tư 02/2023/TT-BNV (emulation/catalogue/statistics.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from emulation.catalogue.statistics import load_forms

    load_forms(apps.get_model("emulation", "StatForm"))


class Migration(migrations.Migration):
    dependencies = [("emulation", "0012_statistics_forms")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
