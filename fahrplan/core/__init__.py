"""Contract and vocabulary layer: ids, phases, the profile and roadmap schemas, invariants, texts."""
