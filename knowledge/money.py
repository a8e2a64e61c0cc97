"""The money case's knowledge: sourced value facts and the benefit models that apply them to a company.

``data/money/value_facts.yaml`` holds figures of the reference fact sheet (range, source, evidence);
``data/money/benefit_models.yaml`` says which base (revenue, online or store revenue) a set of initiatives
moves by which facts. Validated on load; a model naming an unknown fact or initiative fails loudly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, model_validator

from fahrplan.core.vocab import Sector
from fahrplan.knowledge.catalog import DATA_DIR, Catalog, CatalogError
from fahrplan.knowledge.schema import Text, _Strict

__all__ = ["BenefitBase", "BenefitKind", "BenefitModel", "MoneyKnowledge", "ValueFact", "load_money"]

BenefitKind = Literal["revenue", "saving", "exposure"]
BenefitBase = Literal["revenue", "online_revenue", "store_revenue"]

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:–\s*(\d+(?:[.,]\d+)?)\s*)?%")


class ValueFact(_Strict):
    """One sourced figure as a range of fractions (0.05 = 5 %)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    figure: Text
    low: float = Field(gt=0, le=1)
    high: float = Field(gt=0, le=1)
    source: str = Field(min_length=5)
    evidence: Literal["primary", "secondary", "vendor_case"]

    @model_validator(mode="after")
    def _figure_shows_range(self) -> ValueFact:
        """The text a reader sees states exactly the range the computation uses."""
        if self.low > self.high:
            raise ValueError(f"value fact {self.id}: low > high")
        for text in (self.figure.de, self.figure.en):
            shown = {_range(m) for m in _PERCENT.finditer(text)}
            if (round(self.low * 100, 4), round(self.high * 100, 4)) not in shown:
                raise ValueError(f"value fact {self.id}: the figure {text!r} does not show {self.low}–{self.high}")
        return self


def _range(match: re.Match[str]) -> tuple[float, float]:
    low = float(match.group(1).replace(",", "."))
    high = float(match.group(2).replace(",", ".")) if match.group(2) else low
    return round(low, 4), round(high, 4)


class BenefitModel(_Strict):
    """Which base a set of initiatives moves by which facts (their ranges multiply)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: BenefitKind
    base: BenefitBase
    facts: list[str] = Field(min_length=1)
    initiatives: list[str] = Field(min_length=1)
    sectors: list[Sector] = Field(default_factory=list, description="empty: all sectors")
    own_shop_only: bool = Field(
        default=False,
        description="The initiatives act in the company's own shop only: marketplace sales in the online revenue are "
        "not reached (personalisation), unlike prices, which the company also sets on marketplaces.",
    )
    assumption: Text
    reduces: Text | None = Field(
        default=None,
        description="saving: what the last fact's rate reduces, as the subject of 'falls by' (\"der Verderb\"); the "
        "facts before it size that cost pool. The report then says which reduction earns the cost back in a year "
        "instead of a payback that rests on the claimed rate.",
    )

    @model_validator(mode="after")
    def _reduces_a_pool(self) -> BenefitModel:
        """A reduced pool needs a saving and a rate after the facts that size the pool."""
        if self.reduces is not None and (self.kind != "saving" or len(self.facts) < 2):
            raise ValueError(f"benefit model {self.id}: 'reduces' needs kind saving and at least two facts")
        return self


@dataclass(frozen=True)
class MoneyKnowledge:
    """The value facts and benefit models, by id."""

    facts: dict[str, ValueFact]
    models: tuple[BenefitModel, ...]

    def model_of(self, initiative: str) -> BenefitModel | None:
        """The benefit model covering ``initiative`` (each initiative is in at most one)."""
        return next((m for m in self.models if initiative in m.initiatives), None)


def _read(path: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise CatalogError(f"{path.name}: expected a list of entries")
    return data


@cache
def _load(data_dir: Path) -> MoneyKnowledge:
    folder = data_dir / "money"
    try:
        facts = [ValueFact.model_validate(x) for x in _read(folder / "value_facts.yaml")]
        models = tuple(BenefitModel.model_validate(x) for x in _read(folder / "benefit_models.yaml"))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise CatalogError(f"money knowledge in {folder}: {exc}") from exc
    return MoneyKnowledge(facts={f.id: f for f in facts}, models=models)


def load_money(catalog: Catalog, data_dir: Path = DATA_DIR) -> MoneyKnowledge:
    """Load the money knowledge and check its references against ``catalog``."""
    money = _load(data_dir)
    problems = [f"{m.id}: unknown fact {f}" for m in money.models for f in m.facts if f not in money.facts]
    problems += [
        f"{m.id}: unknown initiative {i}" for m in money.models for i in m.initiatives if i not in catalog.initiatives
    ]
    seen: dict[str, str] = {}
    for m in money.models:
        problems += [f"{i} is in {seen[i]} and {m.id}" for i in m.initiatives if i in seen]
        seen.update(dict.fromkeys(m.initiatives, m.id))
    if problems:
        raise CatalogError("money knowledge: " + "; ".join(problems))
    return money
