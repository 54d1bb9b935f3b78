"""Forget a year's cached calendar whenever one of its overrides is written, however it is written."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .calendar import forget_year
from .models import CalendarOverride


@receiver([post_save, post_delete], sender=CalendarOverride, dispatch_uid="workdays_forget_year")
def forget_overridden_year(sender, instance, **kwargs):
    year = instance.date.year
    forget_year(year)
    # Again after commit: a reader may have cached the old calendar while the transaction was open.
    transaction.on_commit(lambda: forget_year(year))
