"""Load the indicator template that ships with the platform (data/default_template.json)."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

TEMPLATE_FILE = Path(__file__).resolve().parent.parent / "data" / "default_template.json"


def load_default_template(apps, schema_editor):
    IndicatorTemplate = apps.get_model("evaluations", "IndicatorTemplate")
    Indicator = apps.get_model("evaluations", "Indicator")
    data = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    weights = sum(Decimal(row["weight"]) for row in data["indicators"])
    assert weights == 100, f"{TEMPLATE_FILE}: the weights add up to {weights}, not 100"
    template, created = IndicatorTemplate.objects.get_or_create(
        name=data["name"], defaults={"description": data["description"], "is_default": True}
    )
    if not created:
        return
    for position, row in enumerate(data["indicators"]):
        Indicator.objects.create(
            template=template,
            content_item=row["content_item"],
            name=row["name"],
            weight=Decimal(row["weight"]),
            max_score=Decimal(row["max_score"]),
            sort_order=position,
        )


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(load_default_template, migrations.RunPython.noop)]
