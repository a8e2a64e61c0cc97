"""The text indexed for each knowledge entry (dense and BM25 alike), in a stable order."""

from __future__ import annotations

from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative, LegalEntry, UseCaseRule

__all__ = ["entry_documents"]


def _initiative_doc(ini: Initiative) -> str:
    parts = [ini.title.de, ini.title.en, ini.description.de, ini.description.en]
    if ini.ai_use_case is not None:
        parts += [ini.ai_use_case.de, ini.ai_use_case.en]
    return "\n".join(parts)


def _legal_doc(entry: LegalEntry) -> str:
    triggers = "; ".join(t.de for t in entry.triggers)
    return "\n".join([entry.title.de, entry.title.en, entry.text.de, entry.text.en, triggers])


def _rule_doc(rule: UseCaseRule) -> str:
    return "\n".join([rule.description.de, rule.description.en])


def entry_documents(catalog: Catalog) -> list[tuple[str, str, dict[str, str]]]:
    """Return (id, text, metadata) for every entry, in a stable order."""
    docs: list[tuple[str, str, dict[str, str]]] = []
    for ini in catalog.initiatives.values():
        docs.append((ini.id, _initiative_doc(ini), {"kind": "initiative", "module": ini.module, "instrument": ""}))
    for entry in catalog.legal.values():
        docs.append(
            (entry.id, _legal_doc(entry), {"kind": "legal", "module": "compliance", "instrument": entry.instrument})
        )
    for rule in catalog.rules.values():
        docs.append((f"rule:{rule.id}", _rule_doc(rule), {"kind": "rule", "module": "compliance", "instrument": ""}))
    return docs
