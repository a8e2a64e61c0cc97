"""Fahrplan: structured, prioritised AI roadmaps for retailers.

Layers, bottom to top (each imports only from below; checked by import-linter in ``make lint``):
``core`` (vocabulary, schemas, invariants) → ``knowledge`` | ``report`` → ``agents`` → ``graph`` →
``app`` (settings, runner) → ``evals`` → ``cli``.
"""
