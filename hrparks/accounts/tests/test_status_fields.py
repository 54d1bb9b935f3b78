"""A park's status, an application's state and the evaluations' statuses change only through the workflow
and lifecycle services (history rows, rules, audit events): no form, API serializer, admin or dossier import
writes them (issue 13, item 2). Introspects every form and serializer, so a new one is held to it too."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from rest_framework import serializers

from hrparks.applications.models import Application
from hrparks.evaluations.models import ParkAssessment, Rectification, SelfEvaluation
from hrparks.parks.dossier import park_fields
from hrparks.parks.models import Park

GUARDED = {
    Park: {"status", "designated_name", "designated_on", "designation_document_number"},
    Application: {"state", "submitted_at"},
    SelfEvaluation: {"status"},
    Rectification: {"status"},
    ParkAssessment: {"grade"},
}


def _modules(suffix: str):
    for config in apps.get_app_configs():
        if not config.name.startswith("hrparks."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.{suffix}")
        except ModuleNotFoundError as error:
            if not f"{config.name}.{suffix}".startswith(error.name):  # a module that is there but broken
                raise


def _classes(suffix: str, base):
    for module in _modules(suffix):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == module.__name__:
                yield cls


@pytest.mark.parametrize("form", list(_classes("forms", forms.ModelForm)), ids=lambda cls: cls.__qualname__)
def test_no_model_form_writes_a_status(form):
    model = form._meta.model
    assert not GUARDED.get(model, set()) & set(form.base_fields)


@pytest.mark.parametrize(
    "serializer", list(_classes("api.serializers", serializers.ModelSerializer)), ids=lambda cls: cls.__qualname__
)
def test_no_api_serializer_writes_a_status(serializer):
    model = serializer.Meta.model
    guarded = GUARDED.get(model, set())
    if not guarded:
        return
    fields = serializer(context={"request": None, "deadlines": {}}).get_fields()
    writable = {name for name, field in fields.items() if not field.read_only and name in guarded}
    assert not writable


def test_no_admin_edits_a_guarded_model():
    assert not set(GUARDED) & set(admin.site._registry)


def test_a_dossier_import_does_not_set_the_status_even_when_the_file_says_so():
    dossier = {
        "name": "示例园区",
        "park_type": "comprehensive",
        "location_kind": "development_zone",
        "municipal_park_recognized": True,
        "management_body": {"kind": "enterprise", "name": "运营公司", "staff_count": 3, "has_management_rules": True},
        "public_services": [],
        "supporting_services": [],
        "materials": [],
        "status": "designated",
        "designated_name": "吉林省人力资源服务产业园",
    }
    assert not GUARDED[Park] & set(park_fields(dossier))
