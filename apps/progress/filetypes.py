"""What an evidence file is, decided by its content, never by its name (DOMAIN.md §4).

Accepted: PDF, PNG, JPEG, and Office documents — docx/xlsx/pptx (ZIP packages with `[Content_Types].xml`) and the
legacy doc/xls/ppt (OLE compound files, told apart by their streams). Refused: programs and scripts (a renamed
`.exe` is still `MZ…`), documents with macros, and anything else.
"""

import io
import warnings
import zipfile
from typing import NamedTuple

from django.utils.translation import gettext as _


class FileType(NamedTuple):
    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
PNG = FileType("png", "image/png")
JPEG = FileType("jpg", "image/jpeg")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
DOC = FileType("doc", "application/msword")
XLS = FileType("xls", "application/vnd.ms-excel")
PPT = FileType("ppt", "application/vnd.ms-powerpoint")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Windows (MZ), Linux (ELF), macOS (Mach-O, fat binaries) programs and scripts with a #! line.
PROGRAM_MAGICS = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# Streams of an OLE compound file (names stored as UTF-16), in the order they are looked for.
OLE_STREAMS = ((DOC, "WordDocument"), (PPT, "PowerPoint Document"), (XLS, "Workbook"), (XLS, "Book"))
OOXML_PARTS = ((DOCX, "word/"), (XLSX, "xl/"), (PPTX, "ppt/"))
# Limits against files that unpack to far more than they weigh (images and Office packages are unpacked by whoever
# opens them; a PDF is never decompressed here).
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is more than any phone takes
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000


class Refused(ValueError):
    """The file is not an accepted kind; the message says why, for the person who uploaded it."""


def _not_accepted() -> Refused:
    return Refused(_("This file type is not accepted: upload a PDF, an image (PNG, JPEG) or an Office document."))


def _macros() -> Refused:
    return Refused(_("Documents with macros are not accepted: save it without macros, or as a PDF."))


def detect(data: bytes) -> FileType:
    """The type of the file whose bytes are `data`; Refused when it is not one of the accepted types."""
    if data.startswith(PROGRAM_MAGICS):
        raise Refused(_("Programs and scripts are not accepted as evidence."))
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    if data.startswith(PNG_MAGIC):
        return _image(data, PNG)
    if data.startswith(JPEG_MAGIC):
        return _image(data, JPEG)
    if data.startswith(ZIP_MAGIC):
        return _office_open_xml(data)
    if data.startswith(OLE_MAGIC):
        return _legacy_office(data)
    raise _not_accepted()


def _too_large() -> Refused:
    return Refused(_("The file unpacks to far more than its size (a compression bomb?): it is not accepted."))


def _image(data: bytes, kind: FileType) -> FileType:
    """An image whose header is readable and whose pixels fit MAX_PIXELS: a tiny file that claims to be a huge
    picture would take gigabytes of memory to open."""
    from PIL import Image, UnidentifiedImageError

    too_large = Refused(
        _("The image has more than %(limit)s million pixels: make it smaller.") % {"limit": MAX_PIXELS // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise _not_accepted() from exc
    if width * height > MAX_PIXELS:
        raise too_large
    return kind


def _office_open_xml(data: bytes) -> FileType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            names = [entry.filename for entry in entries]
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _not_accepted() from exc
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
        raise _too_large()
    if "[Content_Types].xml" not in names:
        raise _not_accepted()  # a plain ZIP archive
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _macros()
    for kind, prefix in OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return kind
    raise _not_accepted()


def _legacy_office(data: bytes) -> FileType:
    if "_VBA_PROJECT".encode("utf-16-le") in data:
        raise _macros()
    for kind, stream in OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return kind
    raise _not_accepted()  # another compound file, e.g. an .msi installer
