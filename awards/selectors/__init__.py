"""Reads of awards, one module per feature (catalogue, proposals, workflow, records, exports, fairness, ratings).
Import from the feature module, e.g. `from awards.selectors.records import award_records`."""
