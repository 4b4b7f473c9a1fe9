"""Background tasks (Django's task API through the django-tasks backport)."""

from django.utils import timezone
from django_tasks import task

from intake.services.emails import deliver


@task()
def send_notification(notification_id):
    """Send one queued email and record what happened; retries enqueue themselves."""
    return deliver(notification_id, now=timezone.now())
