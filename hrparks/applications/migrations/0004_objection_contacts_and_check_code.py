import django.db.models
from django.db import migrations

import hrparks.core.personal


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_document_numbers_of_refusal_and_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="check_code_hash",
            field=django.db.models.CharField(
                blank=True, editable=False, max_length=128, verbose_name="check code (hashed)"
            ),
        ),
        # Notices published before the contact was asked for keep an empty one (nothing is invented).
        migrations.AddField(
            model_name="publicnotice",
            name="contact_address",
            field=django.db.models.CharField(default="", max_length=200, verbose_name="address for objections"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="publicnotice",
            name="contact_phone",
            field=django.db.models.CharField(default="", max_length=50, verbose_name="telephone for objections"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="objection",
            name="name",
            field=hrparks.core.personal.PersonNameField(max_length=100, verbose_name="name"),
        ),
    ]
