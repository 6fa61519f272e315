"""Award pages, one module per feature (proposals, workflow, records, exports, fairness); `awards.urls` routes them."""
