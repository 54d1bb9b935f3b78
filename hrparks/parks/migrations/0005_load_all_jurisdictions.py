from django.db import migrations


def load(apps, schema_editor):
    from hrparks.parks.jurisdictions import load_jurisdictions

    load_jurisdictions(apps.get_model("parks", "Jurisdiction"))


class Migration(migrations.Migration):
    """Every province and prefecture-level unit of China besides Jilin's (the rows already there keep
    their keys)."""

    dependencies = [("parks", "0004_contact_person_cleaned")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
