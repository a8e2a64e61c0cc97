"""Render the HTML report to PDF with headless Chromium (Debian's package), if it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from fahrplan.core.errors import BadInputError

__all__ = ["HEADLESS_FLAGS", "PdfError", "find_browser", "render_pdf"]

# Headless Chromium on a machine without a display or outside network access.
HEADLESS_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class PdfError(BadInputError, RuntimeError):
    """PDF output is not possible here (no browser) or the browser failed; the message says why."""


def find_browser() -> str | None:
    """Path of Debian's Chromium, or None if it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def render_pdf(html: str, *, timeout_s: float = 120) -> bytes:
    """Print ``html`` to PDF bytes with headless Chromium."""
    browser = find_browser()
    if browser is None:
        raise PdfError("--format pdf needs Chromium (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="fahrplan-pdf-") as tmp:
        page, pdf = Path(tmp) / "roadmap.html", Path(tmp) / "roadmap.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [
            browser,
            *HEADLESS_FLAGS,
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=True)
        except (OSError, subprocess.SubprocessError) as err:
            raise PdfError(f"Chromium could not print the report to PDF: {err}") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise PdfError("Chromium produced no PDF")
        return pdf.read_bytes()
