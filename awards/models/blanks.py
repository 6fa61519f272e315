"""Pre-printed certificate blanks (phôi) of a board and where each field is printed on them (calibration).

Positions are millimetres from the top-left corner of the paper, as the blank lies in the printer; the printer's
own offset (`offset_x_mm`, `offset_y_mm`) is added to every field when printing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit


class BlankKind(models.TextChoices):
    BANG_KHEN_TAP_THE = "bk_collective", _("Bằng khen — tập thể")
    BANG_KHEN_CA_NHAN = "bk_individual", _("Bằng khen — cá nhân")
    BANG_KHEN_HO_GIA_DINH = "bk_household", _("Bằng khen — hộ gia đình")
    GIAY_KHEN_TAP_THE = "gk_collective", _("Giấy khen — tập thể")
    GIAY_KHEN_CA_NHAN = "gk_individual", _("Giấy khen — cá nhân")
    GIAY_KHEN_HO_GIA_DINH = "gk_household", _("Giấy khen — hộ gia đình")
    CO = "flag", _("Cờ thi đua")


class PaperSize(models.TextChoices):
    A3_LANDSCAPE = "a3_landscape", _("A3 ngang (420 × 297 mm)")
    A3_PORTRAIT = "a3_portrait", _("A3 dọc (297 × 420 mm)")
    A4_LANDSCAPE = "a4_landscape", _("A4 ngang (297 × 210 mm)")
    A4_PORTRAIT = "a4_portrait", _("A4 dọc (210 × 297 mm)")


#: Width and height in millimetres of each paper size.
PAPER_MM = {
    "a3_landscape": (420, 297),
    "a3_portrait": (297, 420),
    "a4_landscape": (297, 210),
    "a4_portrait": (210, 297),
}


class FieldKey(models.TextChoices):
    SALUTATION = "salutation", _("Danh xưng (Ông/Bà/Tập thể)")
    NAME = "name", _("Tên người, tập thể được khen")
    POSITION = "position", _("Chức vụ")
    UNIT = "unit", _("Đơn vị")
    REASON = "reason", _("Thành tích (lý do khen)")
    DECISION = "decision", _("Số, ngày quyết định")
    REGISTER = "register", _("Số vào sổ")
    PLACE_DATE = "place_date", _("Địa danh, ngày tháng")
    SIGNER_POSITION = "signer_position", _("Chức vụ người ký")
    SIGNER = "signer", _("Người ký")


class FontFamily(models.TextChoices):
    SERIF = "Liberation Serif", "Liberation Serif (Times)"
    SANS = "Liberation Sans", "Liberation Sans (Arial)"
    DEJAVU_SERIF = "DejaVu Serif", "DejaVu Serif"


class Align(models.TextChoices):
    LEFT = "left", _("Trái")
    CENTER = "center", _("Giữa")
    RIGHT = "right", _("Phải")


class Blank(models.Model):
    """A board's blank of one kind: its paper, its printer offset, its scan, its fields."""

    board = models.ForeignKey(Unit, verbose_name=_("ban thi đua"), on_delete=models.PROTECT, related_name="blanks")
    kind = models.CharField(_("loại phôi"), max_length=16, choices=BlankKind.choices)
    paper = models.CharField(_("khổ giấy"), max_length=16, choices=PaperSize.choices, default="a3_landscape")
    offset_x_mm = models.DecimalField(_("lệch máy in ngang (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("lệch máy in dọc (mm)"), max_digits=5, decimal_places=1, default=0)
    scan = models.FileField(_("ảnh quét phôi"), upload_to="blanks/%Y/", blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phôi bằng khen, giấy khen")
        verbose_name_plural = _("phôi bằng khen, giấy khen")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "kind"],
                name="blank_once_per_board_kind",
                violation_error_message=_("Ban đã có phôi loại này."),
            ),
            models.CheckConstraint(
                condition=Q(offset_x_mm__gte=-50)
                & Q(offset_x_mm__lte=50)
                & Q(offset_y_mm__gte=-50)
                & Q(offset_y_mm__lte=50),
                name="blank_offset_bounded",
                violation_error_message=_("Độ lệch máy in chỉ từ -50 đến 50 mm."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("awards:blank_update", args=[self.pk])

    @property
    def unit_id(self) -> int:
        return self.board_id

    @property
    def paper_mm(self) -> tuple[int, int]:
        return PAPER_MM[self.paper]

    @property
    def is_collective(self) -> bool:
        return self.kind in (BlankKind.BANG_KHEN_TAP_THE, BlankKind.GIAY_KHEN_TAP_THE, BlankKind.CO)

    @property
    def is_household(self) -> bool:
        return self.kind in (BlankKind.BANG_KHEN_HO_GIA_DINH, BlankKind.GIAY_KHEN_HO_GIA_DINH)


class BlankField(models.Model):
    """Where and how one field is printed on a blank."""

    blank = models.ForeignKey(Blank, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("trường"), max_length=16, choices=FieldKey.choices)
    enabled = models.BooleanField(_("in trường này"), default=True)
    x_mm = models.DecimalField(_("x (mm)"), max_digits=5, decimal_places=1)
    y_mm = models.DecimalField(_("y (mm)"), max_digits=5, decimal_places=1)
    width_mm = models.DecimalField(_("độ rộng (mm)"), max_digits=5, decimal_places=1, default=200)
    font = models.CharField(_("phông chữ"), max_length=32, choices=FontFamily.choices, default=FontFamily.SERIF)
    size_pt = models.DecimalField(_("cỡ chữ (pt)"), max_digits=4, decimal_places=1, default=16)
    bold = models.BooleanField(_("đậm"), default=False)
    italic = models.BooleanField(_("nghiêng"), default=False)
    align = models.CharField(_("căn lề"), max_length=6, choices=Align.choices, default=Align.LEFT)

    class Meta:
        verbose_name = _("vị trí trường in")
        verbose_name_plural = _("vị trí trường in")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["blank", "key"], name="blankfield_once"),
            models.CheckConstraint(
                condition=Q(x_mm__gte=0) & Q(y_mm__gte=0) & Q(x_mm__lte=500) & Q(y_mm__lte=500),
                name="blankfield_on_paper",
                violation_error_message=_("Vị trí phải trong khổ giấy (0–500 mm)."),
            ),
            models.CheckConstraint(
                condition=Q(width_mm__gt=0) & Q(width_mm__lte=500), name="blankfield_width_positive"
            ),
            models.CheckConstraint(condition=Q(size_pt__gte=6) & Q(size_pt__lte=72), name="blankfield_size_bounded"),
            models.CheckConstraint(condition=Q(align__in=["left", "center", "right"]), name="blankfield_align_valid"),
            models.CheckConstraint(condition=Q(font__in=FontFamily.values), name="blankfield_font_valid"),
        ]

    def __str__(self) -> str:
        return self.get_key_display()
