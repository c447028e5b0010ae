"""``Address`` as a field of the models that carry it (the holder, the SIRENE look-up, the
compagnie, the documents' data), with the one rule for each way it is written down.

- ``StoredAddress`` (the state file's ``holder``): the stored form, one string whose lines are
  joined by a line break, read with ``Address.stored`` and written with ``Address.text``.
- ``LookupAddress`` (the state file's ``lookup``): a list of lines, as the look-up saved it.
- ``AddressValue``, ``HolderAddressValue``, ``PresidentAddressValue`` (the compagnie, the
  documents): an ``Address`` value and nothing else, so that a document can never be handed
  text to parse (mypy and the model both refuse it), read for at least as many lines of name as
  its envelope prints above it.

An address read back from a file is never refused by the envelope rules (see ``address.py``):
it keeps its lines and carries the reason, for ``print-dossier`` to say.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator

from opalexe_cert.domain.address import HOLDER_NAME_LINES, PRESIDENT_NAME_LINES, Address
from opalexe_cert.domain.fields import check_text


def _reader(name_lines: int, *, as_text: bool) -> Callable[[object], Address | None]:
    """Read an address recorded in a file: an ``Address`` as it is, else its stored form
    (``as_text``) or its list of lines, each without an invisible control character. Nothing
    (``None``, blank text, no line) is no address."""

    def read(value: object) -> Address | None:
        if value is None:
            return None
        if isinstance(value, Address):  # made in this run: its lines are checked all the same
            for line in value.lines:
                check_text(line)
            return value
        if as_text and isinstance(value, str):
            return Address.stored(check_text(value, multiline=True), name_lines=name_lines)
        if not as_text and isinstance(value, list | tuple):
            if not all(isinstance(line, str) for line in value):
                raise ValueError("une liste de lignes de texte est attendue")
            return Address.stored([check_text(line) for line in value], name_lines=name_lines)
        raise ValueError("un texte est attendu" if as_text else "une liste de lignes est attendue")

    return read


def _address_under(name_lines: int) -> Callable[[object], Address]:
    """Accept an ``Address`` value only (never text to parse), read or checked for at least
    ``name_lines`` lines of name above it (its place on the envelope)."""

    def only_address(value: object) -> Address:
        if not isinstance(value, Address):
            raise ValueError("une adresse déjà lue (Address) est attendue, pas un texte")
        if value.name_lines < name_lines:
            raise ValueError(
                f"une adresse lue pour {value.name_lines} ligne(s) de nom est donnée là où "
                f"l’enveloppe en porte {name_lines}"
            )
        return value

    return only_address


StoredAddress = Annotated[
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
_AS_LINES = PlainSerializer(lambda address: list(address.lines), return_type=list[str])
AddressValue = Annotated[Address, PlainValidator(_address_under(0)), _AS_LINES]
"""CertEurope's address (no name line above it: its recipient lines are part of it)."""
HolderAddressValue = Annotated[
    Address, PlainValidator(_address_under(HOLDER_NAME_LINES)), _AS_LINES
]
"""The holder's address, under the holder's name."""
PresidentAddressValue = Annotated[
    Address, PlainValidator(_address_under(PRESIDENT_NAME_LINES)), _AS_LINES
]
"""The compagnie's address, under the President's name and title."""
