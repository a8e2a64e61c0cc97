"""Load and cross-check the knowledge files; compute the knowledge version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from fahrplan.core.errors import InternalError
from fahrplan.knowledge.parsed_cache import PARSED_CACHE_FILE, read_parsed, write_parsed
from fahrplan.knowledge.schema import MODULE_IDS, Initiative, LegalEntry, Measure, ModuleId, UseCaseRule

__all__ = ["DATA_DIR", "KB_RELEASE", "Catalog", "CatalogError", "load_catalog"]

DATA_DIR = Path(__file__).parent / "data"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KB_RELEASE = "2026.11"


class CatalogError(InternalError, RuntimeError):
    """The packaged knowledge files are inconsistent (a bug in the knowledge, not user input)."""


@dataclass(frozen=True)
class Catalog:
    """All knowledge entries, indexed by id."""

    initiatives: dict[str, Initiative]
    legal: dict[str, LegalEntry]
    measures: dict[str, Measure]
    rules: dict[str, UseCaseRule]
    version: str
    content_hash: str
    extra_ids: frozenset[str] = field(default_factory=frozenset)

    def by_module(self, module: ModuleId) -> list[Initiative]:
        """Return the module's initiatives in catalog order."""
        return [i for i in self.initiatives.values() if i.module == module]

    def resolves(self, entry_id: str) -> bool:
        """Return whether a citation id names a knowledge entry."""
        return entry_id in self.initiatives or entry_id in self.legal or entry_id in self.extra_ids


def _parsed(files: list[Path], root: Path, content_hash: str, cache_dir: Path | None) -> dict[Path, Any]:
    """Each file's YAML, from the parsed cache in ``cache_dir`` when it holds this ``content_hash``."""
    names = {f.relative_to(root).as_posix(): f for f in files}
    cache = cache_dir / PARSED_CACHE_FILE if cache_dir is not None else None
    known = read_parsed(cache, content_hash) if cache is not None else None
    if known is None or sorted(known) != sorted(names):
        known = {n: yaml.load(f.read_text(encoding="utf-8"), Loader=_LOADER) for n, f in names.items()}
        if cache is not None:
            write_parsed(cache, content_hash, known)
    return {f: known[n] for n, f in names.items()}


def _validated(model: type[BaseModel], path: Path, data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise CatalogError(f"{path}: expected a YAML list")
    out = []
    for raw in data:
        try:
            out.append(model.model_validate(raw))
        except ValidationError as err:
            ident = raw.get("id", "?") if isinstance(raw, dict) else "?"
            raise CatalogError(f"{path.name}: entry {ident}: {err}") from None
    return out


def _index(items: list[Any], kind: str) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for item in items:
        if item.id in index:
            raise CatalogError(f"duplicate {kind} id {item.id}")
        index[item.id] = item
    return index


def _hash_files(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_catalog(data_dir: Path = DATA_DIR, *, cache_dir: Path | None = None) -> Catalog:
    """Load every knowledge file under ``data_dir`` and check all cross-references.

    ``cache_dir``: keep the parsed YAML there between runs (:mod:`fahrplan.knowledge.parsed_cache`).
    """
    initiative_files = sorted((data_dir / "initiatives").glob("*.yaml"))
    legal_files = sorted((data_dir / "legal").glob("*.yaml"))
    measures_file, rules_file = data_dir / "measures.yaml", data_dir / "use_case_rules.yaml"
    files = [*initiative_files, *legal_files, measures_file, rules_file]
    content_hash = _hash_files(files, data_dir)
    docs = _parsed(files, data_dir, content_hash, cache_dir)
    initiatives = _index([i for f in initiative_files for i in _validated(Initiative, f, docs[f])], "initiative")
    legal = _index([e for f in legal_files for e in _validated(LegalEntry, f, docs[f])], "legal")
    measures = _index(_validated(Measure, measures_file, docs[measures_file]), "measure")
    rules = _index(_validated(UseCaseRule, rules_file, docs[rules_file]), "rule")
    catalog = Catalog(
        initiatives=initiatives,
        legal=legal,
        measures=measures,
        rules=rules,
        version=f"{KB_RELEASE}+{content_hash[:10]}",
        content_hash=content_hash,
    )
    _check_references(catalog)
    return catalog


def _check_references(catalog: Catalog) -> None:
    problems: list[str] = []
    for module in MODULE_IDS:
        if not catalog.by_module(module):
            problems.append(f"module {module} has no initiatives")
    for ini in catalog.initiatives.values():
        problems += _initiative_problems(ini, catalog)
    for entry in catalog.legal.values():
        if entry.superseded_by and entry.superseded_by not in catalog.legal:
            problems.append(f"{entry.id}: unknown superseded_by {entry.superseded_by}")
    for measure in catalog.measures.values():
        if measure.initiative and measure.initiative not in catalog.initiatives:
            problems.append(f"measure {measure.id}: unknown initiative {measure.initiative}")
    for rule in catalog.rules.values():
        problems += [f"rule {rule.id}: unknown legal id {b}" for b in rule.legal_basis if b not in catalog.legal]
        problems += [f"rule {rule.id}: unknown measure {m}" for m in rule.measures if m not in catalog.measures]
        if rule.alternative_initiative and rule.alternative_initiative not in catalog.initiatives:
            problems.append(f"rule {rule.id}: unknown alternative initiative {rule.alternative_initiative}")
        purposes = [
            *(alt.initiative for alt in rule.purpose_alternatives),
            *(p.initiative for p in rule.purpose_realised_by),
        ]
        for ini_id in [*purposes, *rule.realised_by]:
            if ini_id not in catalog.initiatives:
                problems.append(f"rule {rule.id}: unknown initiative {ini_id}")
    problems += _cycles(catalog)
    if problems:
        raise CatalogError("knowledge base is inconsistent:\n  " + "\n  ".join(problems))


def _initiative_problems(ini: Initiative, catalog: Catalog) -> list[str]:
    """The references of one initiative (and of its variants for missing facts) that the catalog does not know."""
    problems = [f"{ini.id}: unknown prerequisite {p}" for p in ini.prerequisites if p not in catalog.initiatives]
    problems += [f"{ini.id}: unknown entry_for {e}" for e in ini.entry_for if e not in catalog.initiatives]
    problems += [f"{ini.id}: unknown legal id {t}" for t in ini.legal_triggers if t not in catalog.legal]
    problems += [f"{ini.id}: unknown rule {r}" for r in ini.compliance_rules if r not in catalog.rules]
    problems += [f"{ini.id}: unknown scale rule {r}" for r in ini.scale_rules if r not in catalog.rules]
    if ini.scale_rules and (ini.scale_use_case is None or ini.scale_step is None):
        problems.append(f"{ini.id}: scale_rules need a scale_step and a scale_use_case")
    for sector, wording in ini.by_sector.items():
        problems += [
            f"{ini.id} in {sector}: unknown rule {r}" for r in wording.compliance_rules or [] if r not in catalog.rules
        ]
    for fact, variant in ini.without.items():
        where = f"{ini.id} without {fact}"
        problems += [f"{where}: unknown rule {r}" for r in variant.compliance_rules or [] if r not in catalog.rules]
        problems += [f"{where}: unknown scale rule {r}" for r in variant.scale_rules or [] if r not in catalog.rules]
        problems += [f"{where}: unknown legal id {t}" for t in variant.legal_triggers or [] if t not in catalog.legal]
        prerequisites = variant.prerequisites or []
        problems += [f"{where}: unknown prerequisite {p}" for p in prerequisites if p not in catalog.initiatives]
    return problems


def _cycles(catalog: Catalog) -> list[str]:
    from graphlib import CycleError, TopologicalSorter

    graph = {i.id: set(i.prerequisites) for i in catalog.initiatives.values()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as err:
        return [f"prerequisite cycle: {' -> '.join(err.args[1])}"]
    return []
