"""Write output files atomically, never clobbering an existing file without ``force``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from fahrplan.core.errors import BadInputError
from fahrplan.core.texts import t

__all__ = ["OutputError", "write_outputs"]


class OutputError(BadInputError, OSError):
    """Outputs cannot be written; the message names the file or directory."""


def write_outputs(
    directory: Path, files: Mapping[str, str | bytes], *, force: bool = False, lang: str = "de"
) -> list[Path]:
    """Write ``files`` (name -> text) into ``directory`` all-or-nothing.

    Every file is first written to a temporary file in the same directory and fsynced; only
    when all succeeded are they renamed into place. Existing files are kept unless ``force``.
    """
    if directory.exists() and not directory.is_dir():
        raise OutputError(t("output.not_dir", lang, path=directory))
    targets = [directory / name for name in files]
    if not force:
        existing = [str(p) for p in targets if p.exists() or p.is_symlink()]
        if existing:
            raise OutputError(t("output.exists", lang, paths=", ".join(existing)))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(t("output.mkdir", lang, path=directory, err=err.strerror or err)) from None
    staged: list[tuple[str, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
            staged.append((tmp, directory / name))
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            os.fchmod(fd, 0o666 & ~umask)  # like a normally created file, not mkstemp's 0600
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as err:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        where = err.filename or directory
        raise OutputError(t("output.write", lang, path=where, err=err.strerror or err)) from None
    return targets
