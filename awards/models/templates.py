"""Word templates (mẫu văn bản) each board uploads for the documents it issues, in versions: the newest is used,
the older ones are kept. A board without its own uses the default shipped in awards/templates_docx/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit


class TemplateKind(models.TextChoices):
    UNIT_SUBMISSION = "unit_submission", _("Tờ trình của đơn vị đề nghị")
    BOARD_SUBMISSION = "board_submission", _("Tờ trình của Ban trình Chủ tịch")
    DECISION = "decision", _("Quyết định khen thưởng kèm danh sách")
    COUNCIL_MINUTES = "council_minutes", _("Biên bản họp Hội đồng Thi đua - Khen thưởng")
    BALLOT_MINUTES = "ballot_minutes", _("Biên bản kiểm phiếu của cụm, khối")


class DocumentTemplate(models.Model):
    """One uploaded version of a board's Word template of a kind."""

    board = models.ForeignKey(Unit, verbose_name=_("ban"), on_delete=models.PROTECT, related_name="document_templates")
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=TemplateKind.choices)
    version = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp mẫu"), upload_to="awards/templates/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["board", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "kind", "version"],
                name="document_template_version_once",
                violation_error_message=_("Phiên bản mẫu này vừa được tải lên. Hãy tải lại trang."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"
