"""The park models are in the admin for the system administrator, who may need to correct data."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hrparks.parks.models import Park

from .factories import eligible_park

PARK_MODELS = [model for model in admin.site._registry if model._meta.app_label == "parks"]


def test_every_park_model_is_registered():
    assert {model.__name__ for model in PARK_MODELS} == {
        "Jurisdiction",
        "Park",
        "Site",
        "Enterprise",
        "SupportPolicy",
        "CooperationPlatform",
        "ExchangeEvent",
        "PublicityItem",
    }


@pytest.mark.parametrize("model", PARK_MODELS, ids=lambda model: model.__name__)
def test_admin_lists_and_forms_open(client, users, model):
    park = eligible_park()
    client.force_login(users["sysadmin"])
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist") + "?q=示例").status_code == 200
    assert client.get(reverse(f"{prefix}_add")).status_code == 200
    if model is Park:
        assert client.get(reverse(f"{prefix}_change", args=[park.pk])).status_code == 200
