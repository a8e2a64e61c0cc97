"""Prompt files: one system and one task prompt per agent and language, versioned and hashed.

A prompt file starts with a header line ``<!-- fahrplan-prompt version=N -->``; the rest is a
``str.format`` template. ``--prompts DIR`` swaps in a variant directory with the same layout
(``DIR/VERSION``, ``DIR/de/*.md``, ``DIR/en/*.md``). A prompt's ``{placeholders}`` are checked when
it is loaded against what its agent fills in (``PLACEHOLDERS``), so a wrong one in a variant is a
bad-input error naming the file, not a run whose agents all degrade.
"""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass
from pathlib import Path

from fahrplan.core.errors import BadInputError
from fahrplan.core.vocab import norm_lang
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = [
    "BUNDLED",
    "PLACEHOLDERS",
    "PROMPT_NAMES",
    "Prompt",
    "PromptError",
    "PromptSet",
    "check_placeholders",
    "fence",
    "load_prompt_file",
    "load_prompts",
    "placeholders",
]

BUNDLED = Path(__file__).parent
AGENT_PROMPTS = (*MODULE_IDS, "coordinator", "intake", "levers")
PROMPT_NAMES = (
    *tuple(f"{a}.{kind}" for a in AGENT_PROMPTS for kind in ("system", "task")),
    "repair.task",
    "rewrite.task",  # appended to a module agent's task in refine_mode "rewrite"
)
_HEADER = re.compile(r"^<!--\s*fahrplan-prompt\s+version=(\S+)\s*-->\s*\n")

# What each agent fills in: a prompt's placeholders must be exactly this set (checked on load).
# "baseline" is the single-prompt baseline's seed prompt (agents/prompts/baseline/<lang>.md).
PLACEHOLDERS: dict[str, frozenset[str]] = {
    **{f"{agent}.system": frozenset() for agent in AGENT_PROMPTS},
    **{f"{module}.task": frozenset({"profile", "draft", "factors", "kpis"}) for module in MODULE_IDS},
    "coordinator.task": frozenset({"facts"}),
    "intake.task": frozenset({"text"}),
    "levers.task": frozenset({"items"}),
    "repair.task": frozenset({"problems"}),
    "rewrite.task": frozenset({"texts"}),
    "baseline": frozenset({"daten"}),
}


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
        return self.prompts[(name, norm_lang(lang))]

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
    """Load one versioned prompt file (header ``<!-- fahrplan-prompt version=N -->``) as a :class:`Prompt`.

    A prompt named in :data:`PLACEHOLDERS` must use exactly the placeholders its agent fills in.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PromptError(f"{path}: cannot read prompt ({err})") from None
    match = _HEADER.match(raw)
    if match is None:
        raise PromptError(f"{path}: first line must be '<!-- fahrplan-prompt version=N -->'")
    template = raw[match.end() :]
    if name in PLACEHOLDERS:
        check_placeholders(path, template, PLACEHOLDERS[name])
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return Prompt(name, lang, match.group(1), template, digest)


def placeholders(template: str) -> set[str]:
    """The ``{field}`` names of a ``str.format`` template as written (``{{`` and ``}}`` are literal braces)."""
    found: set[str] = set()
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is not None:
            found.add(field)
        if spec and "{" in spec:  # a nested placeholder inside a format spec, e.g. {value:{width}}
            found |= placeholders(spec)
    return found


def check_placeholders(path: Path, template: str, expected: frozenset[str]) -> None:
    """Raise :class:`PromptError` naming ``path`` and the placeholder unless ``template`` uses exactly ``expected``."""
    try:
        used = placeholders(template)
    except ValueError as err:  # e.g. a single "{" or "}"
        raise PromptError(f"{path}: not a valid template ({err}); write a literal brace as {{{{ or }}}}") from None
    takes = ", ".join(f"{{{name}}}" for name in sorted(expected)) or "no placeholders"
    unknown = sorted(used - expected)
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        raise PromptError(f"{path}: unknown placeholder {names} (this prompt takes {takes})")
    missing = sorted(expected - used)
    if missing:
        names = ", ".join(f"{{{name}}}" for name in missing)
        raise PromptError(f"{path}: placeholder {names} missing (this prompt takes {takes})")
