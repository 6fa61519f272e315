"""Award pages, one module per feature (catalogue, proposals, workflow, records, exports, fairness, ratings);
`awards.urls` routes them."""
