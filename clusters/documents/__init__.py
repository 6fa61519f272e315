"""Documents of the organisation: the Excel imports (`imports`)."""
