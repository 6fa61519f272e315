"""Reads of Word templates: the one a board uses for a kind of document (its newest upload, else the default
shipped in awards/templates_docx/), its versions, and the placeholders each kind may use (shown on the page)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from ..models import DocumentTemplate, TemplateKind

DEFAULTS = Path(__file__).resolve().parent.parent / "templates_docx"

_HEAD = [
    ("co_quan_cap_tren", _("Cơ quan chủ quản (dòng trên của tên cơ quan ban hành)")),
    ("co_quan", _("Tên cơ quan ban hành văn bản")),
    ("so_ky_hieu", _("Số và ký hiệu văn bản")),
    ("dia_danh", _("Địa danh")),
    ("ngay", _("Ngày (hai chữ số)")),
    ("thang", _("Tháng (hai chữ số)")),
    ("nam", _("Năm")),
    ("ngay_day_du", _("Ngày đầy đủ, dạng dd/mm/yyyy")),
    ("trich_yeu", _("Trích yếu nội dung")),
    ("nguoi_ky", _("Họ tên người ký")),
    ("chuc_vu_nguoi_ky", _("Chức vụ người ký")),
    ("noi_nhan", _("Nơi nhận: danh sách, mỗi dòng một nơi ({%p for noi in noi_nhan %})")),
]
_ANNEX = [
    ("phu_luc", _("Danh sách theo nhóm I. Tập thể / II. Cá nhân / III. Hộ gia đình: mỗi nhóm có tieu_de và dong")),
    ("dong.stt, dong.ten, dong.chuc_vu, dong.don_vi, dong.hinh_thuc", _("Mỗi dòng của một nhóm")),
    ("tong_so, so_tap_the, so_ca_nhan, so_ho_gia_dinh", _("Số lượng được khen thưởng")),
]

PLACEHOLDERS: dict[str, list[tuple[str, object]]] = {
    TemplateKind.UNIT_SUBMISSION: [
        *_HEAD,
        ("kinh_gui", _("Nơi kính gửi (Ban Thi đua - Khen thưởng)")),
        ("noi_dung", _("Nội dung tờ trình")),
        *_ANNEX,
    ],
    TemplateKind.BOARD_SUBMISSION: [
        *_HEAD,
        ("kinh_gui", _("Nơi kính gửi (người có thẩm quyền quyết định)")),
        ("can_cu", _("Căn cứ: danh sách, mỗi dòng một căn cứ")),
        *_ANNEX,
    ],
    TemplateKind.DECISION: [
        *_HEAD,
        ("cap_quyet_dinh", _("Cấp quyết định, ví dụ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")),
        ("can_cu", _("Căn cứ: danh sách, mỗi dòng một căn cứ")),
        *_ANNEX,
    ],
    TemplateKind.COUNCIL_MINUTES: [
        *_HEAD,
        ("chu_tri", _("Người chủ trì cuộc họp")),
        ("bieu_quyet", _("Kết quả biểu quyết: mỗi dòng có stt, ten, hinh_thuc, phieu")),
        *_ANNEX,
    ],
    TemplateKind.BALLOT_MINUTES: [
        *_HEAD,
        ("cum_khoi", _("Tên cụm, khối")),
        ("nam_thi_dua", _("Năm thi đua")),
        ("hinh_thuc_bo_phieu", _("Bỏ phiếu kín hoặc công khai")),
        ("so_co_quyen, so_da_bo", _("Số đơn vị có quyền bỏ phiếu, đã bỏ phiếu")),
        ("ket_qua", _("Từng nội dung bầu: stt, tieu_de, dong (don_vi, so_phieu, ty_le, trung)")),
    ],
}


def current_template(*, board, kind: str) -> DocumentTemplate | None:
    """The board's newest upload of this kind (None: the default is used)."""
    if board is None:
        return None
    return DocumentTemplate.objects.filter(board=board, kind=kind).order_by("-version").first()


def template_bytes(*, board, kind: str) -> bytes:
    """The Word template the board uses for `kind`: its newest upload, else the default."""
    uploaded = current_template(board=board, kind=kind)
    if uploaded is not None:
        with uploaded.file.open("rb") as handle:
            return handle.read()
    return default_template(kind)


def default_template(kind: str) -> bytes:
    return (DEFAULTS / f"{TemplateKind(kind).value}.docx").read_bytes()


def template_versions(*, board) -> dict[str, list[DocumentTemplate]]:
    versions: dict[str, list[DocumentTemplate]] = {kind: [] for kind in TemplateKind.values}
    for template in DocumentTemplate.objects.filter(board=board).select_related("uploaded_by").order_by("-version"):
        versions[template.kind].append(template)
    return versions


_SAMPLE_ANNEX = {
    "phu_luc": [
        {"tieu_de": "I. Tập thể", "dong": [{"stt": 1, "ten": "Phòng Mẫu", "chuc_vu": "", "don_vi": "Sở Mẫu",
                                            "hinh_thuc": "Bằng khen"}]},
        {"tieu_de": "II. Cá nhân", "dong": [{"stt": 1, "ten": "Nguyễn Văn Mẫu", "chuc_vu": "Chuyên viên",
                                             "don_vi": "Sở Mẫu", "hinh_thuc": "Bằng khen"}]},
        {"tieu_de": "III. Hộ gia đình", "dong": []},
    ],
    "tong_so": 2, "so_tap_the": 1, "so_ca_nhan": 1, "so_ho_gia_dinh": 0,
}  # fmt: skip
_SAMPLE_HEAD = {
    "co_quan_cap_tren": "ỦY BAN NHÂN DÂN TỈNH MẪU", "co_quan": "BAN THI ĐUA - KHEN THƯỞNG", "so_ky_hieu": "1/QĐ-UBND",
    "dia_danh": "Mẫu", "ngay": "01", "thang": "01", "nam": "2024", "ngay_day_du": "01/01/2024",
    "trich_yeu": "Về việc mẫu", "nguoi_ky": "Nguyễn Văn Ký", "chuc_vu_nguoi_ky": "CHỦ TỊCH", "noi_nhan": ["Lưu: VT"],
}  # fmt: skip

#: A value for every placeholder of each kind: an uploaded template is tried on it before it is kept.
SAMPLES: dict[str, dict] = {
    TemplateKind.UNIT_SUBMISSION: {**_SAMPLE_HEAD, "kinh_gui": "Ban Mẫu", "noi_dung": "Nội dung", **_SAMPLE_ANNEX},
    TemplateKind.BOARD_SUBMISSION: {**_SAMPLE_HEAD, "kinh_gui": "Chủ tịch", "can_cu": ["Căn cứ"], **_SAMPLE_ANNEX},
    TemplateKind.DECISION: {**_SAMPLE_HEAD, "cap_quyet_dinh": "CHỦ TỊCH", "can_cu": ["Căn cứ"], **_SAMPLE_ANNEX},
    TemplateKind.COUNCIL_MINUTES: {
        **_SAMPLE_HEAD, "chu_tri": "Nguyễn Văn Chủ",
        "bieu_quyet": [{"stt": 1, "ten": "Nguyễn Văn Mẫu", "hinh_thuc": "Bằng khen", "phieu": "9/11"}], **_SAMPLE_ANNEX,
    },
    TemplateKind.BALLOT_MINUTES: {
        **_SAMPLE_HEAD, "cum_khoi": "Cụm Mẫu", "nam_thi_dua": "2023", "hinh_thuc_bo_phieu": "kín", "so_co_quyen": 5,
        "so_da_bo": 5,
        "ket_qua": [{"stt": 1, "tieu_de": "Đơn vị dẫn đầu",
                     "dong": [{"don_vi": "Tỉnh Mẫu", "so_phieu": 4, "ty_le": "80%", "trung": True}]}],
    },
}  # fmt: skip
