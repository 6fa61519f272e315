"""Keeping PDFs signed outside the app (a leader's USB-token signature on a sealed pledge or a decision)."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import SignedCopy, User
from ..rules import require
from ..signatures import SignatureReport, validate_pdf
from ..uploads import SIGNED_PDF
from .audit import record_audit


def check_signed_pdf(uploaded) -> tuple[bytes, list[SignatureReport]]:
    """The upload's bytes and its signatures' validation; refused unless it is a PDF within the upload limits."""
    SIGNED_PDF.check(uploaded)
    data = uploaded.read()
    uploaded.seek(0)
    return data, validate_pdf(data)


@transaction.atomic
def signed_copy_add(*, actor: User | None, target, uploaded, perm: str, unit=None) -> SignedCopy:
    """Keep `uploaded`, a PDF of `target` signed outside the app, if every signature in it is intact and chains
    to a trusted root; otherwise refuse it saying what the validation found. `perm`: the permission on `target`
    the caller's view checks (e.g. emulation.add_signed_copy)."""
    require(actor, perm, target)
    accepted = SIGNED_PDF.check(uploaded)
    data, reports = check_signed_pdf(uploaded)
    refused = next((report for report in reports if not report.valid), None)
    if refused is not None:
        raise ValidationError({"file": [refused.message]})
    digest = hashlib.sha256(data).hexdigest()
    target_type = ContentType.objects.get_for_model(target)
    if SignedCopy.objects.filter(target_type=target_type, target_id=target.pk, sha256=digest).exists():
        raise ValidationError({"file": [_("Tệp này đã được tải lên trước đây.")]})
    signature = reports[-1]  # the latest signature, the one covering the file as it is
    copy = SignedCopy(
        target_type=target_type,
        target_id=target.pk,
        original_name=accepted.name,
        sha256=digest,
        signer=signature.signer[:500],
        issuer=signature.issuer[:500],
        serial=signature.serial[:80],
        valid_from=signature.valid_from,
        valid_to=signature.valid_to,
        signed_at=signature.signed_at,
        uploaded_by=actor,
    )
    copy.file.save(accepted.name, ContentFile(data), save=False)
    copy.save()
    record_audit(
        actor=actor,
        action="signed_copy.add",
        target=target,
        summary=_("Tải lên bản PDF đã ký số %(name)s (người ký: %(signer)s)")
        % {"name": accepted.name, "signer": signature.signer},
        data={"signed_copy": copy.pk, "sha256": digest, "serial": signature.serial},
        unit=unit,
    )
    return copy
