from django.db import transaction

from .forms import PreferencesForm


@transaction.atomic
def save_preferences(form: PreferencesForm):
    """Save a user's own notification preferences (audited like every user change)."""
    return form.save()
