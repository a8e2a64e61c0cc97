"""The versioned eval dataset: one YAML file per sample (profile + expectations) under ``evals/dataset/``.

Layout: ``VERSION`` (one line), ``LABELLING.md`` (the labelling guidelines) and
``samples/<id>.yaml`` with ``id``, ``description``, ``lang``, ``split`` (dev/test), ``profile`` (a
full profile, validated like a user's file), ``expect`` (:class:`evals.schema.Expectations`) and
``labels`` (:class:`evals.labels.Labels`). Malformed samples raise :class:`DatasetError` naming the file
and the field; so do labels that name an initiative the catalog does not have.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fahrplan.core.errors import BadInputError
from fahrplan.core.profile import Profile
from fahrplan.core.profile_io import ProfileError, parse_profile
from fahrplan.evals.labels import Labels, Split
from fahrplan.evals.schema import Expectations
from fahrplan.knowledge.catalog import load_catalog

__all__ = ["DEFAULT_BASELINE", "DEFAULT_DATASET", "DatasetError", "Sample", "load_dataset"]

DEFAULT_DATASET = Path(__file__).parent / "dataset"
# The committed results of the offline eval over DEFAULT_DATASET that ``fahrplan eval gate`` compares against.
DEFAULT_BASELINE = Path(__file__).parent / "baselines" / "offline.json"
_SAMPLE_KEYS = ("id", "description", "lang", "split", "profile", "expect", "labels")


class DatasetError(BadInputError, ValueError):
    """The dataset cannot be loaded; the message names the file and field."""


class Sample(BaseModel):
    """One eval sample: a company profile and what a correct roadmap for it must show."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)
    description: str = Field(min_length=1)
    lang: Literal["de", "en"] = "de"
    profile: Profile
    expect: Expectations = Field(default_factory=Expectations)
    split: Split = Field(default="dev", description="dev: tuning allowed; test: frozen labels, read by the gate")
    labels: Labels | None = None


def _fail(path: Path, where: str, what: str) -> DatasetError:
    return DatasetError(f"{path}: field '{where}': {what}" if where else f"{path}: {what}")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(path, "", f"cannot read ({err})") from None
    except yaml.YAMLError as err:
        raise _fail(path, "", f"invalid YAML ({err})") from None
    if not isinstance(data, dict):
        raise _fail(path, "", f"top level must be a mapping, found {type(data).__name__}")
    return data


def _profile(path: Path, raw: object) -> Profile:
    """Validate the profile with the user-facing loader, so messages name the field path."""
    if not isinstance(raw, dict):
        raise _fail(path, "profile", f"expected a mapping, found {type(raw).__name__}")
    dumped = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False).encode("utf-8")
    try:
        return parse_profile(dumped, name=f"{path}: profile", lang="en")
    except ProfileError as err:
        raise DatasetError(str(err)) from None


def load_sample(path: Path) -> Sample:
    """Load and validate one sample file."""
    data = _read_yaml(path)
    unknown = sorted(set(data) - set(_SAMPLE_KEYS))
    if unknown:
        raise _fail(path, unknown[0], f"unknown field (allowed: {', '.join(_SAMPLE_KEYS)})")
    missing = [key for key in ("id", "profile") if key not in data]
    if missing:
        raise _fail(path, missing[0], "required field is missing")
    profile = _profile(path, data["profile"])
    try:
        sample = Sample.model_validate({**data, "profile": profile})
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise _fail(path, where, f"{first['msg']} (found: {first.get('input')!r:.60})") from None
    if sample.id != path.stem:
        raise _fail(path, "id", f"must equal the file name '{path.stem}' (found: {sample.id!r})")
    return sample


def _check_label_ids(path: Path, samples: list[Sample], known: Collection[str]) -> None:
    """Fail on the first sample whose labels name an initiative that is not in the catalog."""
    for sample in samples:
        unknown = sorted(sample.labels.initiative_ids() - set(known)) if sample.labels else []
        if unknown:
            raise _fail(path / "samples" / f"{sample.id}.yaml", "labels", f"unknown initiative ids {unknown}")


def load_dataset(
    path: Path = DEFAULT_DATASET, known_initiatives: Collection[str] | None = None
) -> tuple[str, list[Sample]]:
    """Return the dataset version and its samples sorted by id.

    Label ids are checked against ``known_initiatives`` (default: the packaged catalog's initiatives).
    """
    if not path.is_dir():
        raise DatasetError(f"{path}: dataset directory not found")
    version_file = path / "VERSION"
    try:
        version = version_file.read_text(encoding="utf-8").strip()
    except OSError:
        raise DatasetError(f"{version_file}: missing (one line with the dataset version)") from None
    if not version:
        raise DatasetError(f"{version_file}: empty (one line with the dataset version)")
    files = sorted((path / "samples").glob("*.yaml"))
    if not files:
        raise DatasetError(f"{path / 'samples'}: no sample files (*.yaml)")
    samples = sorted((load_sample(f) for f in files), key=lambda s: s.id)
    known = load_catalog().initiatives if known_initiatives is None else known_initiatives
    _check_label_ids(path, samples, known)
    return version, samples
