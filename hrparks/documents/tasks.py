"""Background rendering (django-tasks; the backend is settings.TASKS): the seven attachments packed as one
ZIP or one merged PDF take a few seconds, so a request queues them and the page polls for the result."""

from django_tasks import task

from .selectors import subject_from_key
from .services import build_bundle


@task()
def render_bundle(subject_key: str, file_format: str) -> str:
    """Prepare the bundle of a park or application; returns the SHA-256 of the file stored."""
    return build_bundle(subject_from_key(subject_key), file_format).sha256
