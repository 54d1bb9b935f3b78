from importlib import import_module

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def ensure_default_template(sender, **kwargs):
    """The default indicator template is reference data, loaded once by a data migration; this puts it
    back after anything that empties the tables and then signals post_migrate (`flush`, and so the end
    of every transactional test), as parks.apps does for the jurisdictions. The loader skips an
    existing template."""
    import_module("hrparks.evaluations.migrations.0002_default_template").load_default_template(apps, None)


class EvaluationsConfig(AppConfig):
    name = "hrparks.evaluations"
    label = "evaluations"

    def ready(self):
        post_migrate.connect(ensure_default_template, sender=self)
