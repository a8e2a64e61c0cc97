"""Prompt files: one system and one task prompt per agent and language, versioned and hashed.

A prompt file starts with a header line ``<!-- fahrplan-prompt version=N -->``; the rest is a
``str.format`` template. ``--prompts DIR`` swaps in a variant directory with the same layout
(``DIR/VERSION``, ``DIR/de/*.md``, ``DIR/en/*.md``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from fahrplan.core.errors import BadInputError
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = [
    "BUNDLED",
    "PROMPT_NAMES",
    "Prompt",
    "PromptError",
    "PromptSet",
    "fence",
    "load_prompt_file",
    "load_prompts",
]

BUNDLED = Path(__file__).parent
AGENT_PROMPTS = (*MODULE_IDS, "coordinator", "intake")
PROMPT_NAMES = (*tuple(f"{a}.{kind}" for a in AGENT_PROMPTS for kind in ("system", "task")), "repair.task")
_HEADER = re.compile(r"^<!--\s*fahrplan-prompt\s+version=(\S+)\s*-->\s*\n")


class PromptError(BadInputError, ValueError):
    """A prompt directory is incomplete or malformed; the message names the file."""


@dataclass(frozen=True)
class Prompt:
    """One prompt template with its version and content hash."""

    name: str
    lang: str
    version: str
    template: str
    sha256: str

    def render(self, **values: str) -> str:
        """Fill the template; values are inserted verbatim (fence user data first)."""
        try:
            return self.template.format(**values)
        except (KeyError, IndexError) as err:
            raise PromptError(f"prompt {self.lang}/{self.name}.md: missing value {err}") from None


@dataclass(frozen=True)
class PromptSet:
    """All prompts of one directory."""

    root: Path
    version: str
    prompts: dict[tuple[str, str], Prompt]

    def get(self, name: str, lang: str) -> Prompt:
        """Return prompt ``name`` ("supply_chain.task") in ``lang``."""
        return self.prompts[(name, "en" if lang == "en" else "de")]

    def hashes(self) -> dict[str, str]:
        """Short content hash of every prompt, keyed "lang/name"."""
        return {f"{lang}/{name}": p.sha256[:12] for (name, lang), p in sorted(self.prompts.items())}


def fence(text: str) -> str:
    """Neutralise tag-like sequences in user data so it cannot close the data fence of a prompt."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def load_prompts(root: Path | None = None) -> PromptSet:
    """Load and check every prompt file under ``root`` (default: the bundled prompts)."""
    base = root or BUNDLED
    version_file = base / "VERSION"
    if not version_file.is_file():
        raise PromptError(f"{version_file}: missing (prompt directories need a VERSION file)")
    version = version_file.read_text(encoding="utf-8").strip()
    prompts = {
        (name, lang): load_prompt_file(base / lang / f"{name}.md", name, lang)
        for lang in ("de", "en")
        for name in PROMPT_NAMES
    }
    return PromptSet(base, version, prompts)


def load_prompt_file(path: Path, name: str, lang: str) -> Prompt:
    """Load one versioned prompt file (header ``<!-- fahrplan-prompt version=N -->``) as a :class:`Prompt`."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PromptError(f"{path}: cannot read prompt ({err})") from None
    match = _HEADER.match(raw)
    if match is None:
        raise PromptError(f"{path}: first line must be '<!-- fahrplan-prompt version=N -->'")
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return Prompt(name, lang, match.group(1), raw[match.end() :], digest)
