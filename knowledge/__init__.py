"""The knowledge base: initiative catalog, legal corpus, use-case rules, and the Chroma store."""

from fahrplan.knowledge.catalog import Catalog, CatalogError, load_catalog

__all__ = ["Catalog", "CatalogError", "load_catalog"]
