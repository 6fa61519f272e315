"""Forms of awards, one module per feature (proposals, workflow, records, fairness).
Import from the feature module, e.g. `from awards.forms.proposals import QueueFilterForm`."""
