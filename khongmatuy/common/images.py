"""Every uploaded image is decoded and re-encoded before it is stored; the upload never is.

A photo from a phone carries EXIF (the GPS position where it was taken, the device, the time),
and may carry XMP, an ICC profile, comments or PNG text chunks. For an anonymous informant the
GPS position alone can identify them, so nothing of the original file is kept: the pixels are
decoded with Pillow, turned upright by the EXIF orientation, and written again in the same
format with no metadata at all. A file that is also something else (a JPEG with HTML appended)
comes out as a plain image. The ICC profile is dropped too: colours may shift slightly on
wide-gamut photos, which is acceptable for evidence photos and scans.

The decoded size is bounded before any pixel is read: ``MAX_PIXELS`` here, and Pillow's own
decompression-bomb limit turned from a warning into a refusal.

Pure: nothing here writes; callers store ``CleanImage.content``.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# About 40 megapixels (8,000 x 5,000): above any phone or scanner setting in normal use, and
# decoded as RGBA it is at most 160 MB of memory.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 90

JPEG, PNG, WEBP = "image/jpeg", "image/png", "image/webp"
FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp"}


class ImageRefused(ValueError):
    """A Vietnamese message naming the file; callers turn it into a form error."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _check_pixels(size: tuple[int, int], *, name: str, max_pixels: int) -> None:
    width, height = size
    if width * height > max_pixels:
        raise ImageRefused(
            _("Ảnh “%(name)s” quá lớn (%(width)s × %(height)s điểm ảnh; tối đa %(max)s điểm ảnh).")
            % {
                "name": name,
                "width": width,
                "height": height,
                "max": number_format(max_pixels, force_grouping=True),
            }
        )


def _unreadable(name: str) -> ImageRefused:
    return ImageRefused(
        _("Không đọc được ảnh “%(name)s”: tệp hỏng hoặc không phải ảnh.") % {"name": name}
    )


def _for_format(image: Image.Image, fmt: str) -> Image.Image:
    """The image in a mode its format can write, keeping transparency where the format has it."""
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if "transparency" in image.info or image.mode in ("LA", "PA", "RGBA"):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    if fmt == "PNG" and image.mode in ("1", "L", "P", "RGB", "I;16"):
        return image
    return image if image.mode == "RGB" else image.convert("RGB")


def _encode(image: Image.Image, fmt: str) -> bytes:
    image.info.clear()  # nothing of the original (EXIF, XMP, ICC, comments, text) is written
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def reencode(
    file: IO[bytes], *, name: str, content_type: str, max_pixels: int | None = None
) -> CleanImage:
    """The image of ``file`` re-encoded as ``content_type`` with no metadata, or ``ImageRefused``.

    ``content_type`` is the type the caller detected from the first bytes (one of ``FORMATS``);
    the file must decode as that format. ``name`` is the file's name as sent, for the message.
    ``max_pixels`` defaults to ``MAX_PIXELS``.
    """
    fmt = FORMATS[content_type]
    max_pixels = MAX_PIXELS if max_pixels is None else max_pixels
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit: refuse there too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file, formats=[fmt]) as probe:
                _check_pixels(probe.size, name=name, max_pixels=max_pixels)
                probe.verify()
            file.seek(0)  # verify() leaves the image unusable: open it again to decode
            with Image.open(file, formats=[fmt]) as image:
                _check_pixels(image.size, name=name, max_pixels=max_pixels)
                image.load()
                upright = ImageOps.exif_transpose(image)
                content = _encode(_for_format(upright, fmt), fmt)
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(_("Ảnh “%(name)s” quá lớn khi giải nén.") % {"name": name}) from None
    except Exception:  # Pillow raises many exception types for a broken or hostile file
        raise _unreadable(name) from None
    finally:
        file.seek(0)
    return CleanImage(content=content, content_type=content_type)
