"""The upload policy: what a user may upload, and what is kept of it.

Every upload field of the project (evidence in year-end scoring, proposal attachments, the award records
import) goes through an `UploadPolicy`:

- Types are an allow-list by extension (the last one: "bao-cao.pdf.html" is an .html file). Nothing a browser
  would render as a page (HTML, SVG, XML, scripts) is on any list.
- The content is sniffed: the file must begin with its type's magic bytes (a page renamed to .pdf is refused)
  and, unless it is a zip container (whose parts are compressed), its first kilobyte must not hold page
  markup (`<script`, `<svg`, …), so a PDF or image that is also a page is refused too.
- Size: never empty, never over `settings.UPLOAD_MAX_BYTES` (read at each check, so tests can lower it).
- A zip container (.docx, .xlsx, .odt, .ods) is bounded before anything parses it: readable, at most
  `settings.UPLOAD_ZIP_MAX_MEMBERS` parts, expanding to at most `settings.UPLOAD_ZIP_MAX_EXPANDED_BYTES` in all
  and (past 1 MiB) at most `settings.UPLOAD_ZIP_MAX_RATIO` times its compressed size (a "zip bomb" of 1 MB expanding to
  1,000 MiB is refused from its table of contents, without expanding a byte). The XML inside is then parsed by
  openpyxl through defusedxml (a dependency: openpyxl uses it when installed), which refuses entity expansion.
- The content type kept and served comes from the list, never from the browser or the file.
- The original name is reduced to a safe base name (`safe_name`) for display and for the download's name.

What was uploaded only ever comes back as a download: `clusters.web.file_download`.
Refusals are `ValidationError`s in Vietnamese, keyed by the form field when the policy is given one.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

__all__ = [
    "DOCUMENTS",
    "EXCEL",
    "FILE_TYPES",
    "AcceptedFile",
    "FileType",
    "UploadPolicy",
    "content_type_for",
    "safe_name",
]

#: How much of the file is read to sniff it.
SNIFF_BYTES = 1024
#: Markup that makes a browser treat bytes as a page or an image with scripts; refused in any upload.
PAGE_MARKERS = (b"<!doctype html", b"<html", b"<head>", b"<body", b"<script", b"<svg", b"<iframe")

#: Below this expanded size a zip's compression ratio is not looked at (a tiny file may compress very well).
RATIO_FLOOR_BYTES = 1024 * 1024

_OLE = (b"\xd0\xcf\x11\xe0",)  # Word 97-2003, Excel 97-2003
_ZIP = (b"PK\x03\x04",)  # Office Open XML and OpenDocument


@dataclass(frozen=True)
class FileType:
    content_type: str
    #: What the file must begin with (any one of them).
    magic: tuple[bytes, ...]
    #: Look for page markup in the first kilobyte (not in zip containers: their parts are compressed).
    sniff_markup: bool = True


#: Every type accepted anywhere: extension -> its served content type and magic bytes.
FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", (b"%PDF-",)),
    ".png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    ".doc": FileType("application/msword", _OLE),
    ".xls": FileType("application/vnd.ms-excel", _OLE),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP, sniff_markup=False
    ),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, sniff_markup=False),
    ".odt": FileType("application/vnd.oasis.opendocument.text", _ZIP, sniff_markup=False),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", _ZIP, sniff_markup=False),
}

OCTET_STREAM = "application/octet-stream"


def extension_of(name: str) -> str:
    """The last extension of a file name, lower-cased, with its dot ("" when there is none)."""
    return PurePosixPath(safe_name(name)).suffix.lower()


def content_type_for(name: str) -> str:
    """The content type a stored file is served with: from our own list, never guessed from the file."""
    file_type = FILE_TYPES.get(extension_of(name))
    return file_type.content_type if file_type else OCTET_STREAM


_UNSAFE_CHARACTERS = re.compile(r'[\x00-\x1f\x7f"<>:|?*]')


def safe_name(name: str, max_length: int = 200) -> str:
    """The base name of an uploaded file, safe to keep and show: no folders (either slash), no control
    characters, quotes or characters Windows refuses, Unicode composed (NFC), at most `max_length`
    characters with its extension kept."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name  # drops "a/b/" and "C:\\a\\"
    base = _UNSAFE_CHARACTERS.sub("", unicodedata.normalize("NFC", base)).strip(" .")
    if len(base) > max_length:
        suffix = PurePosixPath(base).suffix
        suffix = suffix if len(suffix) < max_length else ""
        base = base[: max_length - len(suffix)] + suffix
    return base


@dataclass(frozen=True)
class AcceptedFile:
    """What the policy decided about an accepted upload."""

    name: str  # the safe base name (`safe_name`)
    extension: str  # lower-cased, with its dot
    content_type: str  # from the allow-list
    size: int


@dataclass(frozen=True)
class UploadPolicy:
    """The extensions one upload field accepts, each of `FILE_TYPES`; `field` keys the refusals."""

    extensions: tuple[str, ...]
    field: str | None = None
    name_length: int = 200

    def __post_init__(self) -> None:
        unknown = set(self.extensions) - set(FILE_TYPES)
        if unknown:
            raise ValueError(f"No file type for {sorted(unknown)}: add it to FILE_TYPES first.")

    @property
    def accept(self) -> str:
        """The file input's `accept` attribute: ".doc,.docx,…"."""
        return ",".join(sorted(self.extensions))

    @property
    def max_bytes(self) -> int:
        return settings.UPLOAD_MAX_BYTES

    def _refuse(self, message: str) -> ValidationError:
        return ValidationError({self.field: [message]}) if self.field else ValidationError(message)

    def check(self, uploaded) -> AcceptedFile:
        """Accept `uploaded` (a Django `UploadedFile`) or raise a `ValidationError` saying why not.
        The file is read from its start and left at its start."""
        name = safe_name(uploaded.name or "", self.name_length)
        extension = extension_of(name)
        if extension not in self.extensions:
            allowed = ", ".join(sorted(e.lstrip(".") for e in self.extensions))
            raise self._refuse(_("Loại tệp không được chấp nhận. Chỉ nhận: %(allowed)s.") % {"allowed": allowed})
        if not uploaded.size:
            raise self._refuse(_("Tệp rỗng."))
        if uploaded.size > self.max_bytes:
            raise self._refuse(
                _("Tệp quá lớn (%(size)s); tối đa %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(self.max_bytes)}
            )
        uploaded.seek(0)
        head = uploaded.read(SNIFF_BYTES)
        uploaded.seek(0)
        file_type = FILE_TYPES[extension]
        looks_like_a_page = file_type.sniff_markup and any(marker in head.lower() for marker in PAGE_MARKERS)
        if not head.startswith(file_type.magic) or looks_like_a_page:
            raise self._refuse(_("Nội dung tệp không khớp với loại tệp %(ext)s.") % {"ext": extension})
        if file_type.magic == _ZIP:
            self._check_archive(uploaded, extension)
        return AcceptedFile(name=name, extension=extension, content_type=file_type.content_type, size=uploaded.size)

    def _check_archive(self, uploaded, extension: str) -> None:
        """Bound a zip container from its table of contents (the sizes zipfile then holds every part to)."""
        try:
            with zipfile.ZipFile(uploaded) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise self._refuse(_("Nội dung tệp không khớp với loại tệp %(ext)s.") % {"ext": extension}) from None
        finally:
            uploaded.seek(0)
        expanded = sum(member.file_size for member in members)
        compressed = sum(member.compress_size for member in members)
        if (
            len(members) > settings.UPLOAD_ZIP_MAX_MEMBERS
            or expanded > settings.UPLOAD_ZIP_MAX_EXPANDED_BYTES
            or expanded > max(settings.UPLOAD_ZIP_MAX_RATIO * compressed, RATIO_FLOOR_BYTES)
        ):
            raise self._refuse(
                _(
                    "Tệp nén bên trong quá lớn hoặc bất thường (%(parts)s phần, giải nén ra %(size)s); tối đa "
                    "%(limit)s. Hãy lưu lại tệp bằng Excel hoặc Word rồi tải lên lại."
                )
                % {
                    "parts": len(members),
                    "size": filesizeformat(expanded),
                    "limit": filesizeformat(settings.UPLOAD_ZIP_MAX_EXPANDED_BYTES),
                }
            )


#: Documents and scans: evidence in year-end scoring, proposal attachments.
DOCUMENTS = UploadPolicy(extensions=(".pdf", ".png", ".jpg", ".jpeg", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods"))
#: An Excel workbook to import.
EXCEL = UploadPolicy(extensions=(".xlsx",))
#: A PDF signed with a digital certificate.
SIGNED_PDF = UploadPolicy(extensions=(".pdf",), field="file")
