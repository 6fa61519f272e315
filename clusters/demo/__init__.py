"""Demo data of the organisation, one module per feature (`accounts.load_demo` loads them all)."""
