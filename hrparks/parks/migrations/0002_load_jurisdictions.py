from django.db import migrations


def load(apps, schema_editor):
    from hrparks.parks.jurisdictions import load_jurisdictions

    load_jurisdictions(apps.get_model("parks", "Jurisdiction"))


class Migration(migrations.Migration):
    dependencies = [("parks", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
