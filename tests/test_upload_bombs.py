"""Uploads that unpack to far more than they weigh (issue 12): an image whose header claims a huge picture, an Office
package that inflates to hundreds of megabytes or holds thousands of parts, a broken image; refused by content,
with a message, before anything is stored. Real small files still pass."""

import io
import struct
import zipfile
import zlib

import pytest

from apps.progress import filetypes

from .factories_progress import jpeg_file, office_file, png_file


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header (IHDR with a correct CRC) for a picture of width × height, with no pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return filetypes.PNG_MAGIC + ihdr + end


def test_real_small_images_and_documents_pass():
    assert filetypes.detect(png_file().read()) == filetypes.PNG
    assert filetypes.detect(jpeg_file().read()) == filetypes.JPEG
    assert filetypes.detect(office_file().read()) == filetypes.DOCX


def test_an_image_claiming_a_huge_picture_is_refused():
    data = png_claiming(100_000, 100_000)  # 10 gigapixels in 60 bytes
    assert len(data) < 100
    with pytest.raises(filetypes.Refused, match="60"):
        filetypes.detect(data)
    with pytest.raises(filetypes.Refused, match="60"):  # above the limit but below Pillow's own
        filetypes.detect(png_claiming(9000, 8000))


def test_a_broken_image_is_refused():
    with pytest.raises(filetypes.Refused):
        filetypes.detect(filetypes.PNG_MAGIC + b"\x00" * 40)


def test_an_office_package_that_inflates_enormously_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\x00" * (50 * 1024 * 1024))  # 50 MB of zeros, ~50 kB packed
    data = buffer.getvalue()
    assert len(data) < 200_000
    with pytest.raises(filetypes.Refused, match="bom"):
        filetypes.detect(data)


def test_an_office_package_with_thousands_of_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        for number in range(filetypes.MAX_ENTRIES + 1):
            package.writestr(f"word/p{number}.xml", "")
    with pytest.raises(filetypes.Refused):
        filetypes.detect(buffer.getvalue())
