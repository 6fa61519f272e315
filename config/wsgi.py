import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _settle() -> None:
    """Import every view now (the URL conf imports them) and keep what the process holds from then on out of the
    garbage collector's full collections (`gc.freeze`): these walk every object the process holds (about 170,000
    once the views are imported, for Django, DRF, WeasyPrint's imports...), which took 150-650 ms a time on a
    busy 2-core machine, in the middle of whichever request happened to allocate the object that triggered one
    (the API's rare slow requests at p95, issue 16). Frozen, they are never collected: they live as long as the
    process anyway.

    WeasyPrint and its fonts are loaded here too (`clusters.writers.preload`), as a Celery worker does: otherwise
    each web worker's first PDF (a certificate, a pledge) paid ~0.4-0.7 s for them, the certificate's p95 spike at
    scale 10 (466 ms against a p50 of 51 ms)."""
    from django.urls import get_resolver

    from clusters.writers import preload

    get_resolver().url_patterns  # noqa: B018  (the import of every view, not a value)
    preload()
    gc.collect()
    gc.freeze()


_settle()
