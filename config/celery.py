"""Celery application: year-end reports and reminders run here, on Redis."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def preload_documents(**_kwargs) -> None:
    """Each worker process loads WeasyPrint and its fonts as it starts, not during its first report."""
    from clusters.writers import preload

    preload()
