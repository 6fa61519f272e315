"""Writes of the yearly cycle, one module per feature (campaigns, pledges, yearend, reports).

Keyword-only functions in `transaction.atomic`, each writing an audit row with
`clusters.services.record_audit`."""
