import pytest

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _isolated_media_and_tasks(settings, tmp_path):
    """Uploads go to a temporary folder; queued work (reminders, e-mails) runs at once."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
