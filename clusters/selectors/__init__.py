"""Reads of the organisation, one module per feature (units, groups, people, audit); each returns a queryset or
plain data with the related rows it needs already joined, so list pages cost a fixed number of queries.
Import from the feature module, e.g. `from clusters.selectors.audit import audit_trail`."""
