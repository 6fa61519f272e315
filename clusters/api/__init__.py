"""The REST API of the organisation (issue 20 item 1), one module per feature: units, groups; `base` holds what
every app's API shares (authentication by service-account token, throttling, pagination, Vietnamese errors)."""
