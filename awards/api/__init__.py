"""The REST API of awards (issue 20 item 1), one module per feature: catalogue, records, decisions, proposals."""
