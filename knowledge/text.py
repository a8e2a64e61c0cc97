"""The base of the knowledge models: strict, frozen models and a text in both output languages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Text"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in both output languages."""

    de: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("de" or "en")."""
        return self.en if lang == "en" else self.de
