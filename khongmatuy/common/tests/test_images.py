"""Re-encoding of uploaded images: no metadata survives, orientation is applied, size is bounded."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from khongmatuy.common import images
from tests.images import GPS_IFD, SECRET, image_bytes, phone_exif


def reencode(data: bytes, content_type: str, **kwargs: int) -> bytes:
    return images.reencode(
        io.BytesIO(data), name="anh.jpg", content_type=content_type, **kwargs
    ).content


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_jpeg_loses_gps_exif_xmp_and_comment_and_still_opens() -> None:
    original = image_bytes(
        "JPEG",
        exif=phone_exif(),
        comment=SECRET.encode(),
        xmp=f"<x:xmpmeta>{SECRET}</x:xmpmeta>".encode(),
    )
    assert opened(original).getexif().get_ifd(GPS_IFD)  # the test image does carry a position
    assert SECRET.encode() in original
    clean = reencode(original, images.JPEG)
    image = opened(clean)
    assert image.format == "JPEG"
    assert image.size == (8, 4)
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(GPS_IFD) == {}
    assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density"}
    assert SECRET.encode() not in clean
    assert b"Exif" not in clean


def test_orientation_is_applied_to_the_pixels() -> None:
    # Orientation 6: the camera was turned; the viewer must rotate 90 degrees clockwise.
    clean = reencode(image_bytes("PNG", size=(8, 4), exif=phone_exif(orientation=6)), images.PNG)
    image = opened(clean).convert("RGB")
    assert image.size == (4, 8)
    assert image.getpixel((1, 1)) == (255, 0, 0)  # the left (red) half is now on top
    assert image.getpixel((1, 6)) == (0, 0, 255)
    assert dict(image.getexif()) == {}


def test_png_loses_text_chunks_exif_and_icc() -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SECRET)
    text.add_itxt("Location", SECRET)
    original = image_bytes("PNG", exif=phone_exif(), pnginfo=text, icc_profile=b"icc" * 40)
    clean = reencode(original, images.PNG)
    image = opened(clean)
    assert image.format == "PNG"
    assert image.info == {}
    assert SECRET.encode() not in clean


def test_webp_loses_exif_and_xmp() -> None:
    original = image_bytes("WEBP", exif=phone_exif(), xmp=SECRET.encode())
    assert SECRET.encode() in original
    clean = reencode(original, images.WEBP)
    assert opened(clean).format == "WEBP"
    assert SECRET.encode() not in clean
    assert b"EXIF" not in clean


def test_a_jpeg_html_polyglot_stores_as_a_plain_image() -> None:
    clean = reencode(image_bytes("JPEG") + b"<html><script>alert(1)</script></html>", images.JPEG)
    assert b"<script" not in clean
    assert opened(clean).size == (8, 4)


def test_transparency_is_kept_in_png() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (2, 2), (10, 20, 30, 0)).save(out, "PNG")
    assert opened(reencode(out.getvalue(), images.PNG)).getpixel((0, 0)) == (10, 20, 30, 0)


def _png_claiming(width: int, height: int) -> bytes:
    """A 1x1 PNG whose header announces ``width`` x ``height`` (valid checksum)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.parametrize(
    ("width", "height"),
    [(10_000, 5_000), (30_000, 30_000)],  # over our cap; over twice Pillow's own limit
)
def test_huge_dimensions_are_refused_before_decoding(width: int, height: int) -> None:
    with pytest.raises(images.ImageRefused) as refused:
        reencode(_png_claiming(width, height), images.PNG)
    assert "“anh.jpg” quá lớn" in str(refused.value)


def test_the_pixel_cap_names_the_limit() -> None:
    with pytest.raises(images.ImageRefused) as refused:
        reencode(image_bytes("JPEG", size=(10, 10)), images.JPEG, max_pixels=99)
    assert str(refused.value) == ("Ảnh “anh.jpg” quá lớn (10 × 10 điểm ảnh; tối đa 99 điểm ảnh).")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, images.JPEG),  # a JPEG header and nothing else
        (image_bytes("JPEG")[:-200], images.JPEG),  # cut short
        (image_bytes("PNG"), images.JPEG),  # not the type its first bytes were taken for
    ],
)
def test_broken_images_are_refused_with_the_file_name(data: bytes, content_type: str) -> None:
    with pytest.raises(images.ImageRefused) as refused:
        reencode(data, content_type)
    assert str(refused.value) == "Không đọc được ảnh “anh.jpg”: tệp hỏng hoặc không phải ảnh."
