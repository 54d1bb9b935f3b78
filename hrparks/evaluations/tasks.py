"""Background work of evaluations (run by the django-tasks worker)."""

from django_tasks import task

from hrparks.audit.context import acting_as


@task()
def send_reminder(item: str, kind: str) -> bool:
    from .reminders import send_reminder as send

    with acting_as(None):
        return send(item, kind)
