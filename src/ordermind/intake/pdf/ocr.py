"""Scans, faxes and photos into words: Debian's tesseract through pytesseract, after the
page is turned upright (tesseract's orientation detection), deskewed (the angle whose
row profile is sharpest) and binarised (Otsu's threshold, after a median filter on grey
scans and a blur on 1-bit faxes). Nothing is fetched: the
language packs are Debian packages."""

from __future__ import annotations

import functools
import io
from typing import Any

from ..model import MalformedDocumentError, UnsupportedFormatError
from ..security import LimitExceeded, Limits
from .words import Page, Word, merge_split_words

# tesseract language packs for the languages of vocab.LANGUAGES
TESSERACT_LANGS = {"en": "eng", "nl": "nld", "de": "deu", "fr": "fra", "es": "spa", "pt": "por"}
OCR_DPI = 300  # rendering resolution for PDF pages without a text layer
OCR_SECONDS = 60  # wall-clock bound per page for the tesseract process
# Page segmentation: one uniform block. The layout is recovered from the word boxes here,
# and the automatic mode (3) drops narrow right-aligned columns of figures as noise.
PSM = 6


class OcrUnavailable(UnsupportedFormatError):
    """tesseract is not installed: scans cannot be read on this machine."""


@functools.cache
def installed_languages() -> tuple[str, ...]:
    import pytesseract

    try:
        have = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        raise OcrUnavailable(
            "reading scans needs tesseract (Debian: apt-get install tesseract-ocr)"
        ) from None
    return tuple(code for code in TESSERACT_LANGS.values() if code in have)


def open_images(data: bytes, limits: Limits) -> list[Any]:
    """The frames of a PNG/JPEG/TIFF/GIF/BMP/WebP image, checked against max_pixels per
    frame and max_pages frames before any is decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise UnsupportedFormatError("image format is not recognised") from None
    except Image.DecompressionBombError as exc:
        raise LimitExceeded("max_pixels", limits.max_pixels, f"image refused: {exc}") from None
    frames = []
    count = getattr(img, "n_frames", 1)
    if count > limits.max_pages:
        raise LimitExceeded("max_pages", limits.max_pages, f"image has {count:,} frames")
    for i in range(count):
        img.seek(i)
        w, h = img.size
        if w * h > limits.max_pixels:
            raise LimitExceeded(
                "max_pixels", limits.max_pixels, f"image is {w:,} x {h:,} = {w * h:,} pixels"
            )
        try:
            frame = img.convert("L")  # decodes the frame: only now are pixels allocated
        except (OSError, ValueError, SyntaxError) as exc:
            raise MalformedDocumentError(f"image cannot be decoded: {exc}") from None
        frames.append(frame)
    return frames


def otsu(gray: Any) -> Any:
    """Black text on white from a greyscale image, at Otsu's threshold."""
    import numpy as np
    from PIL import Image

    a = np.asarray(gray, dtype=np.uint8)
    hist = np.bincount(a.ravel(), minlength=256).astype(float)
    total = a.size
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    w0 = cum / total
    w1 = 1 - w0
    mu0 = cum_mean / np.maximum(cum, 1)
    mu1 = (cum_mean[-1] - cum_mean) / np.maximum(total - cum, 1)
    between = w0 * w1 * (mu0 - mu1) ** 2
    t = int(np.argmax(between))
    return Image.fromarray(np.where(a > t, 255, 0).astype(np.uint8))


def skew_angle(binary: Any, span: float = 6.0, step: float = 0.25) -> float:
    """The small rotation (degrees) that makes text rows horizontal: the angle whose
    horizontal projection has the largest variance, searched on a reduced copy."""
    import numpy as np
    from PIL import Image

    small = binary.copy()
    small.thumbnail((1000, 1000))
    ink = Image.fromarray(255 - np.asarray(small, dtype=np.uint8))
    best, best_score = 0.0, -1.0
    angle = -span
    while angle <= span + 1e-9:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=float).sum(
            axis=1
        )
        score = float(np.var(np.diff(rows)))
        if score > best_score:
            best, best_score = angle, score
        angle += step
    return best


def orientation(gray: Any) -> int:
    """Degrees (0, 90, 180, 270) tesseract's OSD says the page is turned; 0 when unsure."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(gray, output_type=pytesseract.Output.DICT, timeout=30)
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text to tell: read it as it is
    if float(osd.get("orientation_conf", 0)) < 1.5:
        return 0
    return int(osd.get("rotate", 0)) % 360


def denoise(gray: Any) -> Any:
    """Speckle, scanner grain and a fax's dithered background gone, strokes kept: a 3x3
    median (isolated dots vanish), then a 5x5 one where the page is very noisy."""
    import numpy as np
    from PIL import ImageFilter

    out = gray.filter(ImageFilter.MedianFilter(3))
    a = np.asarray(out, dtype=np.uint8)
    dark = float((a < 128).mean())
    if dark > 0.12:  # a clean page has a few percent of ink; far more is noise left over
        out = out.filter(ImageFilter.MedianFilter(5))
    return out


def bilevel(gray: Any) -> bool:
    """A black-and-white image (a fax, a 1-bit scan): only pure black and pure white."""
    hist = gray.histogram()
    return sum(hist[1:255]) == 0


def smooth_bilevel(gray: Any) -> Any:
    """A fax's dithered grain back to grey, so Otsu's threshold can part ink from paper:
    a Gaussian blur of about a stroke's width. (A median filter, right for grey scans,
    eats the thin strokes of a 1-bit page, and tesseract reads the dots as characters.)"""
    from PIL import ImageFilter

    return gray.filter(ImageFilter.GaussianBlur(1.2))


def upright(gray: Any) -> tuple[Any, int, float]:
    """The page turned upright and deskewed, binarised; with the rotation and skew."""
    from PIL import Image

    gray = gray.convert("L")
    fax = bilevel(gray)
    gray = _at_least_200dpi(gray)
    turn = orientation(gray)  # on the page as scanned: denoising thins a fax's strokes
    gray = smooth_bilevel(gray) if fax else denoise(gray)
    if turn:
        gray = gray.rotate(-turn, expand=True, fillcolor=255)
    binary = otsu(gray)
    angle = skew_angle(binary)
    if abs(angle) >= 0.25:
        binary = binary.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        binary = otsu(binary)
    return binary, turn, angle


def _at_least_200dpi(gray: Any) -> Any:
    """Faxes and phone photos come small; tesseract reads text about 20+ pixels high.
    An image narrower than an A4 page at 200 dpi is scaled up to that."""
    from PIL import Image

    w, h = gray.size
    target = 1650  # A4 width at 200 dpi
    if min(w, h) < target:
        f = target / min(w, h)
        gray = gray.resize((int(w * f), int(h * f)), Image.Resampling.LANCZOS)
    return gray


def ocr_page(image: Any, number: int, installed: tuple[str, ...]) -> Page:
    """One page image into words (pixel coordinates of the upright page). Read with the
    English model first; when the words are another language's, read again with that
    language's model (accents, its letter shapes) and English."""
    from . import vocab

    binary, turn, angle = upright(image)
    words = _tesseract(binary, number, "eng" if "eng" in installed else "+".join(installed))
    lang = TESSERACT_LANGS[vocab.language_of([w.text for w in words])]
    if lang != "eng" and lang in installed:
        words = _tesseract(binary, number, f"{lang}+eng")
    page = Page(number, float(binary.size[0]), float(binary.size[1]), source="ocr")
    page.words = merge_split_words(words)
    page.rotation, page.skew = turn, angle
    return page


def _tesseract(binary: Any, number: int, langs: str) -> list[Word]:
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            binary,
            lang=langs,
            config=f"--psm {PSM}",
            output_type=pytesseract.Output.DICT,
            timeout=OCR_SECONDS,
        )
    except RuntimeError:
        raise MalformedDocumentError(
            f"OCR of page {number + 1} took more than {OCR_SECONDS} seconds"
        ) from None
    except pytesseract.TesseractError as exc:
        raise MalformedDocumentError(f"OCR failed on page {number + 1}: {exc}") from None
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text.strip() or conf < 0:
            continue
        if not any(c.isalnum() for c in text) and conf < 60 and text.strip() not in "%€$£#":
            continue  # a speck read as punctuation
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        words.append(Word(text.strip(), x, y, x + w, y + h, number, round(conf / 100, 3)))
    return words
