"""Fahrplan: structured, prioritised AI roadmaps for retailers."""

from fahrplan.profile import Profile
from fahrplan.profile_io import ProfileError, load_profile
from fahrplan.roadmap import Roadmap

__all__ = ["Profile", "ProfileError", "Roadmap", "load_profile"]
