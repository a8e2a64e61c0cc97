"""Report renderers: Markdown, self-contained HTML and PDF from a roadmap."""
