"""Adapters around the domain: the state file, the SIRENE services, the PDFs, the calendar.

They import the domain, never the command line or the wizard.
"""
