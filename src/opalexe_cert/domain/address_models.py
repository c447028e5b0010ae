"""``Address`` as a field of the models that carry it (the holder, the SIRENE look-up, the
compagnie, the documents' data), with the one rule for each way it is written down.

- ``HolderAddress`` (the state file's ``holder``): the stored form, one string whose lines are
  joined by a line break, read with ``Address.stored`` and written with ``Address.text``.
- ``LookupAddress`` (the state file's ``lookup``): a list of lines, as the look-up saved it.
- ``AddressValue`` (the compagnie, the documents): an ``Address`` value and nothing else, so
  that a document can never be handed text to parse (mypy and the model both refuse it).

An address read back from a file is never refused by the envelope rules (see ``address.py``):
it keeps its lines and carries the reason, for ``print-dossier`` to say.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator

from opalexe_cert.domain.address import HOLDER_NAME_LINES, Address
from opalexe_cert.domain.fields import check_text


def _reader(name_lines: int, *, as_text: bool) -> Callable[[object], Address | None]:
    """Read an address recorded in a file: an ``Address`` as it is, else its stored form
    (``as_text``) or its list of lines, each without an invisible control character. Nothing
    (``None``, blank text, no line) is no address."""

    def read(value: object) -> Address | None:
        if value is None or isinstance(value, Address):
            return value
        if as_text and isinstance(value, str):
            return Address.stored(check_text(value, multiline=True), name_lines=name_lines)
        if not as_text and isinstance(value, list | tuple):
            if not all(isinstance(line, str) for line in value):
                raise ValueError("une liste de lignes de texte est attendue")
            return Address.stored([check_text(line) for line in value], name_lines=name_lines)
        raise ValueError("un texte est attendu" if as_text else "une liste de lignes est attendue")

    return read


def _only_address(value: object) -> Address:
    if not isinstance(value, Address):
        raise ValueError("une adresse déjà vérifiée (Address) est attendue")
    return value


HolderAddress = Annotated[
    Address | None,
    PlainValidator(_reader(HOLDER_NAME_LINES, as_text=True)),
    PlainSerializer(lambda address: address.text if address else None, return_type=str | None),
]
LookupAddress = Annotated[
    Address | None,
    PlainValidator(_reader(HOLDER_NAME_LINES, as_text=False)),
    PlainSerializer(
        lambda address: list(address.lines) if address else None, return_type=list[str] | None
    ),
]
AddressValue = Annotated[
    Address,
    PlainValidator(_only_address),
    PlainSerializer(lambda address: list(address.lines), return_type=list[str]),
]
