"""The command line and the wizard: they ask, call the domain and the adapters, and show."""
