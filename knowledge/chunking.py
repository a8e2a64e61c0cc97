"""Split document text into sections and chunks: paragraphs, sentences, words; Markdown headings.

Pure text functions used by :mod:`fahrplan.knowledge.ingest`; a chunk never crosses a section
border and never splits a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MAX_CHUNK_CHARS", "Section", "chunk_texts", "markdown_sections", "normalise", "paragraphs"]

MAX_CHUNK_CHARS = 1200  # target chunk size; split on paragraphs, never mid-word


@dataclass
class Section:
    """Consecutive paragraphs sharing one heading and page; chunks never cross section borders."""

    heading: str | None
    page: int | None
    paragraphs: list[str]


_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")


def normalise(text: str) -> str:
    """Collapse every run of whitespace (including Unicode spaces and line breaks) into one space."""
    return " ".join(text.split())


def _pack(parts: Iterable[str], limit: int, sep: str) -> list[str]:
    """Greedily join ``parts`` with ``sep`` into pieces of at most ``limit`` chars (parts must fit alone)."""
    pieces: list[str] = []
    current = ""
    for part in parts:
        if not current:
            current = part
        elif len(current) + len(sep) + len(part) <= limit:
            current = f"{current}{sep}{part}"
        else:
            pieces.append(current)
            current = part
    if current:
        pieces.append(current)
    return pieces


def _split_words(sentence: str, limit: int) -> list[str]:
    """Split at spaces; a single word longer than ``limit`` (a URL, an encoded blob) is cut hard."""
    words: list[str] = []
    for word in sentence.split(" "):
        words.extend(word[i : i + limit] for i in range(0, len(word), limit))
    return _pack(words, limit, " ")


def _split_paragraph(paragraph: str, limit: int) -> list[str]:
    """Split one normalised paragraph into pieces of at most ``limit`` chars at sentence, then word borders."""
    if len(paragraph) <= limit:
        return [paragraph]
    sentences: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        sentences.extend([sentence] if len(sentence) <= limit else _split_words(sentence, limit))
    return _pack(sentences, limit, " ")


def chunk_texts(paragraphs: Iterable[str], limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Pack paragraphs (joined by a blank line) into chunks of at most ``limit`` chars."""
    pieces: list[str] = []
    for paragraph in paragraphs:
        normalised = normalise(paragraph)
        if normalised:
            pieces.extend(_split_paragraph(normalised, limit))
    return _pack(pieces, limit, "\n\n")


def paragraphs(text: str) -> list[str]:
    """Split plain text at blank lines."""
    return [p for p in _BLANK_LINES.split(text) if p.strip()]


# --------------------------------------------------------------------------------------------- formats

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def markdown_sections(text: str) -> list[Section]:
    """Split Markdown into sections at ATX (``# x``) and setext (``x`` / ``===``) headings.

    Lines inside fenced code blocks and a leading YAML front matter block are never taken as headings.
    """
    sections = [Section(heading=None, page=None, paragraphs=[])]
    block: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if any(line.strip() for line in block):
            sections[-1].paragraphs.append("\n".join(block))
        block.clear()

    def start(heading: str) -> None:
        flush()
        sections.append(Section(heading=normalise(heading) or None, page=None, paragraphs=[]))

    lines = text.split("\n")
    if lines and lines[0].strip() == "---":  # front matter: kept as plain text, never a heading
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
        if end is not None:
            sections[-1].paragraphs.append("\n".join(lines[: end + 1]))
            lines = lines[end + 1 :]

    for line in lines:
        fence_match = _FENCE.match(line)
        if fence is not None:
            block.append(line)
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            block.append(line)
            continue
        if not line.strip():
            flush()
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            start(_ATX_CLOSING.sub("", heading.group(2) or ""))
            continue
        if block and _SETEXT_UNDERLINE.match(line):
            title = " ".join(block)
            block.clear()
            start(title)
            continue
        block.append(line)
    flush()
    return sections
