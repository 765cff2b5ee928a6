"""Small real images built with Pillow for upload tests, with or without metadata."""

from __future__ import annotations

import io

from PIL import Image

from khongmatuy.common import images

ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4
SECRET = "Gia-Vien-secret"


def phone_exif(*, orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: maker, orientation and a GPS position (Hải Phòng)."""
    exif = Image.Exif()
    exif[MAKE] = SECRET
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[GPS_LATITUDE_REF] = "N"
    gps[GPS_LATITUDE] = (20.0, 51.0, 30.0)
    gps[GPS_LONGITUDE_REF] = "E"
    gps[GPS_LONGITUDE] = (106.0, 41.0, 2.0)
    return exif


def image_bytes(
    fmt: str, *, size: tuple[int, int] = (8, 4), exif: Image.Exif | None = None, **params: object
) -> bytes:
    """A ``size`` image in ``fmt`` ("JPEG", "PNG", "WEBP"), red on the left half, blue on the
    right (so a rotation can be seen), with ``exif`` and any other save ``params``."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    if exif is not None:
        params["exif"] = exif
    image.save(out, fmt, **params)
    return out.getvalue()


JPEG = image_bytes("JPEG")
PNG = image_bytes("PNG")
WEBP = image_bytes("WEBP")


def clean(data: bytes, content_type: str) -> bytes:
    """What the app stores for ``data``: its re-encoding without metadata."""
    return images.reencode(io.BytesIO(data), name="x", content_type=content_type).content
