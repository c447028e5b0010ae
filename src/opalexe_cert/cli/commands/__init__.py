"""One module per command: what it asks, what it calls, what it shows."""
