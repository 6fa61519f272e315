"""The REST API of the yearly cycle (issue 20 item 1): pledges."""
