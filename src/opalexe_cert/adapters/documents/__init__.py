"""The dossier's PDFs (reportlab): one module per document over a shared layout.

Import ``opalexe_cert.adapters.documents.dossier`` (which loads reportlab) only where PDFs are made;
``opalexe_cert.adapters.documents.data`` and ``opalexe_cert.domain.address`` are pure.
"""
