"""Dashboard panels of the awards app, one module per feature."""
