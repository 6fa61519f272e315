"""Reads of the yearly cycle, one module per feature (campaigns, pledges, yearend, reports)."""
