"""Writes of awards, one module per feature (catalogue, proposals, workflow, records, exports, ratings).
Import from the feature module, e.g. `from awards.services.proposals import proposal_create`."""
