"""The company profile (Fahrplan's input): model, defaults and the list of assumed defaults."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fahrplan.core.vocab import Channel, Sector

__all__ = [
    "ABSENT_SYSTEM_VALUES",
    "Budget",
    "Channel",
    "Company",
    "Customers",
    "DataAndIT",
    "Profile",
    "Sector",
    "SizeBand",
    "assumed_defaults",
    "size_band_of",
]


ABSENT_SYSTEM_VALUES = frozenset({"", "keins", "keine", "kein", "none", "no", "nein", "-", "n/a"})


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Company(_Section):
    """Who the company is."""

    name: str = Field(min_length=1, max_length=200)
    sector: Sector
    country: str = Field(default="DE", pattern=r"^[A-Z]{2}$")
    annual_revenue_eur: float = Field(gt=0, le=1e13)
    employees: int = Field(gt=0, le=10_000_000)
    stores: int = Field(default=0, ge=0, le=100_000)
    online_share_pct: float | None = Field(default=None, ge=0, le=100)
    channels: list[Channel] | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _upper_country(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("channels")
    @classmethod
    def _unique_channels(cls, value: list[Channel] | None) -> list[Channel] | None:
        return None if value is None else list(dict.fromkeys(value))


class DataAndIT(_Section):
    """Data maturity and systems."""

    maturity: int = Field(ge=1, le=5)
    data_quality: Literal["low", "medium", "high"] | None = None
    cloud: Literal["none", "partial", "cloud_first"] | None = None
    data_team_fte: float | None = Field(default=None, ge=0, le=10_000)
    systems: dict[str, str] = Field(default_factory=dict)

    @field_validator("systems", mode="before")
    @classmethod
    def _systems_as_text(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(k): ("" if v is None else v if isinstance(v, str) else str(v)) for k, v in value.items()}
        return value

    def has_system(self, key: str) -> bool:
        """Return whether system ``key`` is present (not missing and not "keins"/"none")."""
        value = self.systems.get(key)
        return value is not None and value.strip().lower() not in ABSENT_SYSTEM_VALUES


class Customers(_Section):
    """Customer data assets."""

    loyalty_program: bool | None = None
    loyalty_members: int | None = Field(default=None, ge=0)
    newsletter_subscribers: int | None = Field(default=None, ge=0)
    consent_management: bool | None = None


class Budget(_Section):
    """Money and people for the 24 months."""

    ai_budget_eur_24m: float = Field(gt=0, le=1e12)
    internal_fte_available: float | None = Field(default=None, ge=0, le=100_000)


class Profile(BaseModel):
    """A retailer's self-description ("Nutzerdaten"), validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    company: Company
    data_and_it: DataAndIT
    customers: Customers = Field(default_factory=Customers)
    budget: Budget
    goals: list[str] = Field(default_factory=list, max_length=50)
    constraints: list[str] = Field(default_factory=list, max_length=50)
    planned_use_cases: list[str] = Field(default_factory=list, max_length=50)
    notes: str | None = Field(default=None, max_length=20_000)

    @field_validator("goals", "constraints", "planned_use_cases")
    @classmethod
    def _non_empty_items(cls, value: list[str]) -> list[str]:
        return [item for item in (v.strip() for v in value) if item]

    # -- derived facts the planner uses -------------------------------------------------
    @property
    def channels(self) -> tuple[Channel, ...]:
        """Channels, defaulting to stores (and webshop when online share > 0)."""
        if self.company.channels is not None:
            return tuple(self.company.channels)
        derived: list[Channel] = []
        if self.company.stores > 0:
            derived.append("stores")
        if (self.company.online_share_pct or 0) > 0 or self.data_and_it.has_system("webshop"):
            derived.append("webshop")
        return tuple(derived or ["stores"])

    @property
    def sells_online(self) -> bool:
        """Whether the company has an own online shop or app (orders under customer accounts)."""
        return bool({"webshop", "app"} & set(self.channels))

    @property
    def data_quality(self) -> Literal["low", "medium", "high"]:
        """Data quality, defaulting by maturity."""
        if self.data_and_it.data_quality is not None:
            return self.data_and_it.data_quality
        return "low" if self.data_and_it.maturity <= 1 else "medium"

    @property
    def internal_fte(self) -> float:
        """Internal FTE for the roadmap; default: the data team, at least one person."""
        if self.budget.internal_fte_available is not None:
            return self.budget.internal_fte_available
        return max(1.0, self.data_and_it.data_team_fte or 0.0)

    @property
    def size_band(self) -> SizeBand:
        """Size band by annual revenue (see :func:`size_band_of`)."""
        return size_band_of(self.company.annual_revenue_eur)


SizeBand = Literal["small", "medium", "large"]


def size_band_of(revenue_eur: float) -> SizeBand:
    """Size band of an annual revenue: < EUR 50m small, <= EUR 1bn medium, else large."""
    if revenue_eur < 50e6:
        return "small"
    return "medium" if revenue_eur <= 1e9 else "large"


def assumed_defaults(profile: Profile) -> list[tuple[str, str]]:
    """Return (field path, assumed value) for every optional field the profile left out."""
    out: list[tuple[str, str]] = []
    company = profile.company
    if "country" not in company.model_fields_set:
        out.append(("company.country", "DE"))
    if "stores" not in company.model_fields_set:
        out.append(("company.stores", "0"))
    if company.channels is None:
        out.append(("company.channels", ", ".join(profile.channels)))
    if profile.data_and_it.data_quality is None:
        out.append(("data_and_it.data_quality", profile.data_quality))
    if profile.data_and_it.cloud is None:
        out.append(("data_and_it.cloud", "none"))
    if profile.data_and_it.data_team_fte is None:
        out.append(("data_and_it.data_team_fte", "0"))
    if profile.customers.consent_management is None:
        out.append(("customers.consent_management", "false"))
    if profile.customers.loyalty_program is None:
        out.append(("customers.loyalty_program", "false"))
    if profile.budget.internal_fte_available is None:
        out.append(("budget.internal_fte_available", f"{profile.internal_fte:g}"))
    return out
