"""QR codes of personal links, as PNG bytes for e-mail attachments."""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def qr_png(*, data: str, box_size: int = 8, border: int = 4) -> bytes:
    """A PNG image of a QR code encoding `data` (error correction level M)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
