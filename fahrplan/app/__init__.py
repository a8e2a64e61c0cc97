"""Application layer: settings, paths, output files, traces and the runner (the composition root)."""
