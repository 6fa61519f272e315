"""Documents of the awards app (files built and read back), one module per feature."""
