"""opalexe-cert: a wizard for the CertEurope certificate French court experts need for OPALEXE."""

__version__ = "0.1.0"
