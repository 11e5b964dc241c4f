"""A small picture of the original PDF where a value was read, with the place marked.

The detail page shows it beside an amount or tick box that came from a PDF (the source's page
and box are kept in ``Innhold.kilder``). The page is rendered by poppler's ``pdftoppm`` (a
system tool the project installs, ``scripts/install-system-deps.sh``), only the band of the
page around the box, and the box is drawn with Pillow. A picture is kept in Django's cache by
the file's sha256, page and box, so that it is rendered once.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

from django.core.cache import cache
from PIL import Image, ImageDraw

from . import services
from .models import Behovsmelding

__all__ = ["IkkeUtsnitt", "utsnitt"]

DPI = 110
MARGIN_X = 220.0  # points of the page shown left and right of the box
MARGIN_Y = 30.0  # and above and below it
MARK = (195, 0, 0)  # the mark: a red frame, thick enough to see in a small picture
_TIMEOUT = 10  # seconds for pdftoppm


class IkkeUtsnitt(Exception):
    """There is no picture to show: the reason, in Norwegian."""


def kilde_for(bm: Behovsmelding, felt: str) -> dict[str, Any]:
    """The field's source on a PDF page, or IkkeUtsnitt."""
    innhold = getattr(bm, "innhold", None)
    kilder = (innhold.kilder if innhold is not None else None) or {}
    src = kilder.get(felt)
    if not isinstance(src, dict) or "boks" not in src or "side" not in src:
        raise IkkeUtsnitt("Feltet har ikke noe sted på en PDF-side.")
    return src


def utsnitt(bm: Behovsmelding, felt: str) -> bytes:
    """The PNG of the part of the original's page where ``felt`` was read, with the place
    framed; IkkeUtsnitt when there is none."""
    src = kilde_for(bm, felt)
    if bm.original is None:
        raise IkkeUtsnitt("Behovsmeldingen har ingen originalfil.")
    path = services.original_path(bm.original)
    if not path.exists():
        raise IkkeUtsnitt("Originalfilen finnes ikke lenger på disken.")
    box = [float(v) for v in src["boks"]]
    key = f"utsnitt:{bm.original.sha256}:{int(src['side'])}:{':'.join(f'{v:.1f}' for v in box)}"
    png: bytes | None = cache.get(key)
    if png is None:
        png = _render(str(path), int(src["side"]), box, [float(v) for v in src["sidestorrelse"]])
        cache.set(key, png, timeout=None)
    return png


def _render(pdf: str, page: int, box: list[float], size: list[float]) -> bytes:
    x0, y0, x1, y1 = box
    width, height = size
    scale = DPI / 72
    # the band of the page around the box, in points from the page's top left corner
    left = max(0.0, x0 - MARGIN_X)
    right = min(width, x1 + MARGIN_X)
    top = max(0.0, height - y1 - MARGIN_Y)
    bottom = min(height, height - y0 + MARGIN_Y)
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise IkkeUtsnitt("Utsnitt kan ikke lages her (pdftoppm mangler).")
    args = [exe, "-png", "-singlefile", "-f", str(page), "-l", str(page), "-r", str(DPI)]
    args += ["-x", str(int(left * scale)), "-y", str(int(top * scale))]
    args += ["-W", str(max(1, int((right - left) * scale)))]
    args += ["-H", str(max(1, int((bottom - top) * scale))), pdf]
    try:
        done = subprocess.run(args, capture_output=True, timeout=_TIMEOUT, check=True)
        image = Image.open(io.BytesIO(done.stdout)).convert("RGB")
    except (subprocess.SubprocessError, OSError) as e:
        raise IkkeUtsnitt("Siden kunne ikke tegnes.") from e
    draw = ImageDraw.Draw(image)
    pad = 3
    frame = (
        (x0 - left) * scale - pad,
        (height - y1 - top) * scale - pad,
        (x1 - left) * scale + pad,
        (height - y0 - top) * scale + pad,
    )
    draw.rectangle(frame, outline=MARK, width=3)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()
