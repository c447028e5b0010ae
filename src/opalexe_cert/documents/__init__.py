"""The dossier's PDFs (reportlab): one module per document over a shared layout.

Import ``opalexe_cert.documents.dossier`` (which loads reportlab) only where PDFs are made;
``opalexe_cert.documents.data`` and ``opalexe_cert.documents.address`` are pure.
"""
