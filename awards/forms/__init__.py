"""Forms of awards, one module per feature (proposals, workflow, records, fairness, ratings).
Import from the feature module, e.g. `from awards.forms.proposals import QueueFilterForm`."""
