"""One error hierarchy: every domain error carries the exit code the command line returns for it.

``str(err)`` is the complete user-facing message (it names the file, setting or directory); the
CLI prints it and exits with ``err.exit_code`` in one place. Domain errors keep their built-in
base as a second parent (``ValueError``, ``RuntimeError``, ``OSError``), so code that catches
those still does.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "BadInputError", "FahrplanError", "InternalError"]

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class FahrplanError(Exception):
    """Base of Fahrplan's errors; ``exit_code`` is what the command line returns for it."""

    exit_code: ClassVar[int] = EXIT_INTERNAL


class BadInputError(FahrplanError):
    """The user can fix it: a profile, setting, argument, prompt or dataset file is wrong (exit 2)."""

    exit_code: ClassVar[int] = EXIT_BAD_INPUT


class InternalError(FahrplanError):
    """The environment or the packaged data failed: store, checkpoint, catalog, model endpoint (exit 1)."""

    exit_code: ClassVar[int] = EXIT_INTERNAL
