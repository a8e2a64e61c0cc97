"""The knowledge files as YAML parsed them, kept between runs so a warm run need not parse them again.

Parsing the ~580 kB of knowledge YAML costs about 0.1 s of CPU on every run (PyYAML builds each
object in Python, even with its C parser), more than validating the result. So the catalog keeps
the parsed documents in one file beside the knowledge store, for one *content hash* (every
knowledge file's path and bytes, :func:`fahrplan.knowledge.catalog.load_catalog`): any edit of a
file is another hash, and the next run parses again and replaces the file.

The documents are pickled: YAML's safe types (mappings, lists, strings, numbers, dates) come back
exactly as the parser made them. Reading is restricted to those types (the pickle documentation's
"restricting globals"), so the file can name no other class or function; the file also carries a
digest of its payload and the hash it was written for. A file that fails any check is a miss; one
that cannot be written only costs the parse.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path
from typing import Any

from fahrplan.core.cache_file import write_cache_file

__all__ = ["PARSED_CACHE_FILE", "read_parsed", "write_parsed"]

PARSED_CACHE_FILE = "knowledge-parsed.pickle"
_MAGIC = b"fahrplan-parsed-1\n"
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timedelta"), ("datetime", "timezone")}


class _SafeTypes(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a YAML type")
        return super().find_class(module, name)


def read_parsed(path: Path, content_hash: str) -> dict[str, Any] | None:
    """The documents stored for ``content_hash`` (file name -> parsed YAML), or None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, payload = raw.partition(b"\n\n")
    if head != _header(content_hash, payload).rstrip(b"\n"):
        return None
    try:
        documents = _SafeTypes(io.BytesIO(payload)).load()
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, IndexError):
        return None
    return documents if isinstance(documents, dict) else None


def write_parsed(path: Path, content_hash: str, documents: dict[str, Any]) -> None:
    """Store ``documents`` for ``content_hash`` atomically, replacing any other hash's."""
    payload = pickle.dumps(documents, protocol=pickle.HIGHEST_PROTOCOL)
    write_cache_file(path, _header(content_hash, payload) + b"\n" + payload)


def _header(content_hash: str, payload: bytes) -> bytes:
    digest = hashlib.sha256(payload).hexdigest()
    return _MAGIC + f"{content_hash} {digest}\n".encode()
