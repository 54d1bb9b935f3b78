"""参加人员 as a list of people (name and unit) instead of free text, and one grant per park.

Free text recorded before becomes one entry per non-empty line, the line as the name and the unit
empty, so that old visits stay readable as they were written."""

from django.db import migrations, models


def text_to_people(apps, schema_editor):
    SiteVisit = apps.get_model("applications", "SiteVisit")
    for visit in SiteVisit.objects.all():
        lines = [line.strip() for line in (visit.participants_text or "").splitlines() if line.strip()]
        visit.participants = [{"name": line, "unit": ""} for line in lines]
        visit.save(update_fields=["participants"])


def people_to_text(apps, schema_editor):
    SiteVisit = apps.get_model("applications", "SiteVisit")
    for visit in SiteVisit.objects.all():
        visit.participants_text = "\n".join(
            "，".join(part for part in (person.get("name", ""), person.get("unit", "")) if part)
            for person in visit.participants
        )
        visit.save(update_fields=["participants_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_objection_contacts_and_check_code"),
    ]

    operations = [
        migrations.RenameField("sitevisit", "participants", "participants_text"),
        migrations.AddField(
            model_name="sitevisit",
            name="participants",
            field=models.JSONField(default=list, verbose_name="participants"),
        ),
        migrations.RunPython(text_to_people, people_to_text),
        migrations.RemoveField("sitevisit", "participants_text"),
        migrations.AddConstraint(
            model_name="subsidy",
            constraint=models.UniqueConstraint(
                fields=("park",),
                name="one_off_grant_per_park",
                violation_error_message="This park has already received its one-off grant.",
            ),
        ),
    ]
