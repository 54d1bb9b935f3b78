"""Every app of the platform is either audited or says why not, and every audited model is recorded."""

import pytest
from django.apps import apps
from django.db.models.signals import post_delete, post_save

from hrparks.audit.registry import AUDITED_APPS, NOT_AUDITED
from hrparks.audit.signals import _after_delete, _after_save, audited_models


def test_every_hrparks_app_is_audited_or_says_why_not():
    labels = {config.label for config in apps.get_app_configs() if config.name.startswith("hrparks.")}
    assert labels - set(AUDITED_APPS) - set(NOT_AUDITED) == set()


@pytest.mark.parametrize("model", audited_models(), ids=lambda model: model._meta.label)
def test_every_model_of_an_audited_app_is_recorded(model):
    sync_receivers = post_save._live_receivers(model)[0] + post_delete._live_receivers(model)[0]
    assert _after_save in sync_receivers and _after_delete in sync_receivers
