"""The WSGI entry point a gunicorn worker loads."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def test_a_worker_imports_every_view_and_the_pdf_writer_at_start_and_keeps_them_out_of_the_full_garbage_collections():
    code = (
        "import gc, sys, config.wsgi; "
        "print(gc.get_freeze_count(), len(gc.get_objects()), "
        "'awards.views.records' in sys.modules, 'weasyprint' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.split()

    frozen, still_collected, views_imported, pdf_loaded = int(out[0]), int(out[1]), out[2] == "True", out[3] == "True"
    assert views_imported
    assert pdf_loaded  # the first certificate of each worker does not pay for WeasyPrint's import and fonts
    # what a full collection walks: the few objects made after the start, not the ~150,000 of the imports
    assert frozen > 100_000 and still_collected < frozen / 20
