"""Command-line interface (the top layer)."""
