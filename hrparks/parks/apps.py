from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_jurisdictions(sender, using, **kwargs):
    """The jurisdictions are reference data every page needs. The data migration loads them once; this
    puts them back after anything that empties the tables and then signals post_migrate as `migrate`
    does (`flush`, and so the end of every transactional test)."""
    from .jurisdictions import load_jurisdictions

    load_jurisdictions(sender.get_model("Jurisdiction"), using=using)


class ParksConfig(AppConfig):
    name = "hrparks.parks"
    label = "parks"
    verbose_name = _("Parks")

    def ready(self):
        post_migrate.connect(ensure_jurisdictions, sender=self)
