"""Writes of the organisation, one module per feature (units, groups, people, accounts, audit).
Import from the feature module, e.g. `from clusters.services.audit import record_audit`."""
