"""Load user documents (Markdown, text, PDF, DOCX) into provenance-tagged chunks.

This module only reads and chunks files; it never interprets their content. Whatever a document says
(including text that looks like instructions) is returned verbatim as data in :class:`DocChunk` objects.

Bad files raise :class:`IngestError` from :func:`load_document`, whose message names the file and the reason in
German or English. :func:`load_documents` collects those errors and carries on with the remaining files.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fahrplan.core.errors import BadInputError
from fahrplan.core.texts import t
from fahrplan.core.vocab import norm_lang
from fahrplan.knowledge.chunking import MAX_CHUNK_CHARS, Section, chunk_texts, markdown_sections, normalise, paragraphs

__all__ = [
    "MAX_CHUNK_CHARS",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "DocChunk",
    "IngestError",
    "load_document",
    "load_documents",
]

MAX_FILE_BYTES = 20_000_000
SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx")

# A DOCX is a zip archive; refuse archives that would unpack to more than this (zip bombs).
_MAX_UNPACKED_BYTES = 200_000_000
_MARKDOWN_SUFFIXES = (".md", ".markdown")


def _number(value: int, lang: str) -> str:
    """Format a byte count with thousands separators in the language's convention."""
    text = f"{value:,}"
    return text if norm_lang(lang) == "en" else text.replace(",", ".")


class IngestError(BadInputError, ValueError):
    """A file cannot be ingested; str() names the file and the reason (German or English per lang)."""

    path: str
    reason: str

    def __init__(self, path: str, reason: str, *, lang: str = "de", **values: object) -> None:
        """Build the message for ``reason`` (``ingest.<reason>`` in the text table) about ``path`` in ``lang``."""
        self.path = path
        self.reason = reason
        super().__init__(t(f"ingest.{reason}", lang, file=path, **values))


@dataclass(frozen=True)
class DocChunk:
    """One chunk of a user document with its provenance."""

    id: str  # stable: "doc:" + sha256(file content)[:12] + ":" + f"{index:04d}"
    text: str
    source: str  # the file path as given (str)
    page: int | None  # 1-based page for PDFs, else None
    heading: str | None  # nearest preceding Markdown heading / DOCX heading-style paragraph, else None
    index: int


_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _decode_text(data: bytes, source: str, lang: str) -> str:
    """Decode strictly as UTF-8 (an optional BOM is dropped); never guess another encoding."""
    if data.startswith(_UTF16_32_BOMS):  # UTF-16/32 text ("Unicode" in some editors) is text, just not UTF-8
        raise IngestError(source, "encoding", lang=lang, position=0)
    if b"\x00" in data:
        raise IngestError(source, "binary", lang=lang)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise IngestError(source, "encoding", lang=lang, position=err.start) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pdf_sections(data: bytes, source: str, lang: str) -> list[Section]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(source, "encrypted", lang=lang)
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as err:  # pypdf raises many error types on damaged input (PdfReadError, ValueError, ...)
        raise IngestError(source, "corrupt_pdf", lang=lang) from err
    if not any(normalise(text) for text in pages):
        raise IngestError(source, "pdf_no_text", lang=lang)
    return [Section(heading=None, page=number, paragraphs=paragraphs(text)) for number, text in enumerate(pages, 1)]


def _docx_blocks(data: bytes) -> Iterator[tuple[bool, str]]:
    """Yield ``(is_heading, text)`` for the body's paragraphs and table rows in document order."""
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat the same underlying element
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    if cell.text.strip():
                        cells.append(cell.text)
                if cells:
                    yield False, " | ".join(cells)
        else:
            style = item.style.name if item.style is not None else None
            is_heading = bool(style) and str(style).casefold().startswith(("heading", "überschrift"))
            yield is_heading, item.text


def _docx_sections(data: bytes, source: str, lang: str) -> list[Section]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise IngestError(source, "corrupt_docx", lang=lang) from err
    if unpacked > _MAX_UNPACKED_BYTES:
        raise IngestError(
            source,
            "too_large_unpacked",
            lang=lang,
            size=_number(unpacked, lang),
            limit=_number(_MAX_UNPACKED_BYTES, lang),
        )
    try:
        blocks = list(_docx_blocks(data))
    except Exception as err:  # python-docx/lxml/zipfile raise various errors on a broken package
        raise IngestError(source, "corrupt_docx", lang=lang) from err
    sections = [Section(heading=None, page=None, paragraphs=[])]
    for is_heading, text in blocks:
        if is_heading and text.strip():
            sections.append(Section(heading=normalise(text), page=None, paragraphs=[]))
        elif text.strip():
            sections[-1].paragraphs.append(text)
    return sections


# --------------------------------------------------------------------------------------------- loading


def _read_bytes(path: Path, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes (enough to notice a file that grew past the limit)."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def _checked_bytes(path: Path, source: str, lang: str, max_bytes: int) -> bytes:
    """Return the file's bytes after checking that it is a readable regular file within the size limit."""
    try:
        info = os.stat(path)  # follows symlinks: a link counts only if its target is a regular file
    except FileNotFoundError:
        raise IngestError(source, "broken_link" if path.is_symlink() else "not_found", lang=lang) from None
    except OSError as err:
        raise IngestError(source, "unreadable", lang=lang, detail=err.strerror or type(err).__name__) from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(source, "directory", lang=lang)
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(source, "not_regular", lang=lang)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or t("ingest.no_suffix", lang)
        raise IngestError(source, "unsupported", lang=lang, suffix=shown, supported=", ".join(SUPPORTED_SUFFIXES))
    if info.st_size > max_bytes:
        raise _too_large(source, lang, info.st_size, max_bytes)
    try:
        data = _read_bytes(path, max_bytes)
    except OSError as err:
        raise IngestError(source, "unreadable", lang=lang, detail=err.strerror or type(err).__name__) from None
    if len(data) > max_bytes:
        raise _too_large(source, lang, len(data), max_bytes)
    if not data.strip():
        raise IngestError(source, "empty", lang=lang)
    return data


def _too_large(source: str, lang: str, size: int, limit: int) -> IngestError:
    return IngestError(source, "too_large", lang=lang, size=_number(size, lang), limit=_number(limit, lang))


def _load(path: Path, lang: str, max_bytes: int) -> tuple[str, list[DocChunk]]:
    """Load one file; return the sha256 hex digest of its content and its chunks."""
    source = str(path)
    data = _checked_bytes(path, source, lang, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        sections = _pdf_sections(data, source, lang)
    elif suffix == ".docx":
        sections = _docx_sections(data, source, lang)
    else:
        text = _decode_text(data, source, lang)
        if not text.strip():
            raise IngestError(source, "empty", lang=lang)
        if suffix in _MARKDOWN_SUFFIXES:
            sections = markdown_sections(text)
        else:
            sections = [Section(heading=None, page=None, paragraphs=paragraphs(text))]

    digest = hashlib.sha256(data).hexdigest()
    chunks: list[DocChunk] = []
    for section in sections:
        for text in chunk_texts(section.paragraphs):
            index = len(chunks)
            chunks.append(
                DocChunk(
                    id=f"doc:{digest[:12]}:{index:04d}",
                    text=text,
                    source=source,
                    page=section.page,
                    heading=section.heading,
                    index=index,
                )
            )
    if not chunks:
        raise IngestError(source, "no_text", lang=lang)
    return digest, chunks


def load_document(path: Path, *, lang: str = "de", max_bytes: int = MAX_FILE_BYTES) -> list[DocChunk]:
    """Load one Markdown, text, PDF or DOCX file and split it into chunks with provenance.

    Raises :class:`IngestError` (message in ``lang``, naming the file) when the file cannot be ingested:
    missing, a directory or other non-regular file, unreadable, unsupported type, larger than ``max_bytes``,
    empty, binary, not UTF-8, an encrypted or damaged PDF, a PDF without extractable text, or a damaged DOCX.
    The content is never interpreted; chunks carry the text verbatim apart from whitespace normalisation.
    """
    return _load(Path(path), lang, max_bytes)[1]


def _expand_directory(directory: Path, lang: str, errors: list[IngestError]) -> list[Path]:
    """Return supported files below ``directory``, sorted; hidden entries and Office lock files are skipped.

    Symlinked subdirectories are not descended into (no loops); symlinked files are listed and checked on load.
    """

    def on_error(err: OSError) -> None:
        where = err.filename if isinstance(err.filename, str) else str(directory)
        errors.append(IngestError(where, "unreadable", lang=lang, detail=err.strerror or type(err).__name__))

    found: list[Path] = []
    for root, dirnames, filenames in os.walk(directory, onerror=on_error, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith((".", "~$")):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def load_documents(paths: Sequence[Path], *, lang: str = "de") -> tuple[list[DocChunk], list[IngestError]]:
    """Expand directories (recursively, sorted, supported suffixes only), load each file; collect errors.

    Never raises for one bad file: each failure becomes an :class:`IngestError` in the returned list.
    The same file named twice (directly or via a directory) is loaded once; a file whose content equals an
    already loaded file is reported as a duplicate (its chunk ids would collide) and skipped.
    """
    chunks: list[DocChunk] = []
    errors: list[IngestError] = []
    seen_paths: set[str] = set()
    seen_content: dict[str, str] = {}

    def load(path: Path) -> None:
        real = os.path.realpath(path)
        if real in seen_paths:
            return
        seen_paths.add(real)
        try:
            digest, loaded = _load(path, lang, MAX_FILE_BYTES)
        except IngestError as err:
            errors.append(err)
            return
        if digest in seen_content:
            errors.append(IngestError(str(path), "duplicate", lang=lang, other=seen_content[digest]))
            return
        seen_content[digest] = str(path)
        chunks.extend(loaded)

    for given in paths:
        path = Path(given)
        if not path.is_dir():
            load(path)
            continue
        expanded = _expand_directory(path, lang, errors)
        if not expanded:
            supported = ", ".join(SUPPORTED_SUFFIXES)
            errors.append(IngestError(str(path), "empty_directory", lang=lang, supported=supported))
        for file in expanded:
            load(file)
    return chunks, errors
