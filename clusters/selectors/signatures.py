"""PDFs signed outside the app, kept for a record (clusters/services/signatures.py)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from ..models import SignedCopy


def signed_copies(target) -> QuerySet:
    return SignedCopy.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("uploaded_by")
