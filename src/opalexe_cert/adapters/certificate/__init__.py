"""The delivered certificate: read from a file or the card, and the browsers' set-up for it.

``cryptography`` and ``pkcs11`` are imported only inside the functions that need them, so that
importing this package costs nothing to ``status`` or ``--help``.
"""
