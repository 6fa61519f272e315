#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "rundemo":
        # The demo must serve on a fresh machine with nothing else running:
        # an embedded SQLite database and Celery tasks run in-process.
        # Tests and deployments always set DATABASE_URL to PostgreSQL.
        os.environ.setdefault("DATABASE_URL", "sqlite:///demo.sqlite3")
        os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
        os.environ.setdefault("DEBUG", "true")
        # The demo's issued PDFs carry a signature made with a self-signed key rundemo writes here.
        os.environ.setdefault("PADES_KEY_FILE", "demo-signing/signing.key.pem")
        os.environ.setdefault("PADES_CERT_FILE", "demo-signing/signing.cert.pem")
        os.environ.setdefault("PADES_TRUST_ROOTS", "demo-signing/signing.cert.pem")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
