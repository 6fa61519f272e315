"""Demo catalogue of awards: the law's titles, award forms and rules (Law 2022, Decree 98/2023,
Decree 152/2025). Idempotent."""

from __future__ import annotations

from django.db import transaction

from ..services.catalogue import ensure_catalogue


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    ensure_catalogue()
