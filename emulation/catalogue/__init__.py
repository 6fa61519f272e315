"""Data the yearly cycle ships with, one module per feature (statistics.py: the statutory forms 0601–0605)."""
