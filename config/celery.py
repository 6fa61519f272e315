"""Celery application: year-end reports and reminders run here, on Redis."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def preload_documents(**_kwargs) -> None:
    """Each worker process loads WeasyPrint and its fonts as it starts, not during its first report."""
    from clusters.writers import preload

    preload()


@task_prerun.connect
def official_language(task=None, **_kwargs) -> None:
    """Every task writes in the board's language (documents of record, e-mails to other people), whatever the
    thread last served: an eager task runs in the web request's thread, which may be serving English."""
    from django.conf import settings
    from django.utils import translation

    if task is not None:
        task._caller_language = translation.get_language()
    translation.activate(settings.LANGUAGE_CODE)


@task_postrun.connect
def caller_language(task=None, **_kwargs) -> None:
    """Give the thread back its language (the web request that ran the task eagerly goes on in it)."""
    from django.utils import translation

    previous = getattr(task, "_caller_language", None)
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()
