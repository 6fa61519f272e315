"""Writes of Word templates: a board uploads a new version of one of its templates (the newest is used).
The file goes through the upload policy (a .docx, bounded zip, sniffed) and is tried on sample values of every
placeholder of its kind: a template using a placeholder its kind has no value for is refused, naming it.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from clusters.concurrency import save_unique
from clusters.models import Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit
from clusters.uploads import UploadPolicy

from ..documents.templates import fill
from ..models import DocumentTemplate, TemplateKind
from ..selectors.templates import SAMPLES

#: A Word template: .docx only.
WORD_TEMPLATE = UploadPolicy(extensions=(".docx",), field="file")


@transaction.atomic
def template_upload(*, actor: User | None, board: Unit, kind: str, uploaded) -> DocumentTemplate:
    require(actor, "awards.change_templates", board)
    if kind not in TemplateKind.values:
        raise ValidationError(_("Loại văn bản không hợp lệ."))
    accepted = WORD_TEMPLATE.check(uploaded)
    content = uploaded.read()
    uploaded.seek(0)
    try:
        fill(content, SAMPLES[kind])
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    # The board's row locked: two uploads at once take versions one after the other.
    Unit.objects.select_for_update().filter(pk=board.pk).exists()
    latest = DocumentTemplate.objects.filter(board=board, kind=kind).aggregate(n=Max("version"))["n"] or 0
    template = DocumentTemplate(
        board=board,
        kind=kind,
        version=latest + 1,
        original_name=accepted.name,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    template.file.save(f"{board.pk}-{kind}-v{latest + 1}.docx", uploaded, save=False)
    save_unique(template)
    record_audit(
        actor=actor,
        action="document_template.upload",
        target=template,
        unit=board,
        summary=f"{template.get_kind_display()} v{template.version}: {accepted.name}",
    )
    return template
