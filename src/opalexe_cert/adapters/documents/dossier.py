"""Write the dossier: every document that can be made, each alone and all in one file."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from opalexe_cert.adapters.documents import (
    attestation,
    bordereau,
    etiquette,
    lettre_certeurope,
    lettre_president,
)
from opalexe_cert.adapters.documents.data import Document, DossierData, missing_for, require_holder
from opalexe_cert.adapters.documents.layout import Metadata, Part, render
from opalexe_cert.domain.errors import InputError


@dataclass(frozen=True)
class Builder:
    """How one document is made, and the metadata of its PDF."""

    build: Callable[[DossierData], Part]
    title: str
    subject: str


BUILDERS: dict[Document, Builder] = {
    Document.PRESIDENT_LETTER: Builder(
        lettre_president.build, lettre_president.TITLE, lettre_president.SUBJECT
    ),
    Document.ATTESTATION: Builder(attestation.build, attestation.TITLE, attestation.SUBJECT),
    Document.CERTEUROPE_LETTER: Builder(
        lettre_certeurope.build, lettre_certeurope.TITLE, lettre_certeurope.SUBJECT
    ),
    Document.BORDEREAU: Builder(bordereau.build, bordereau.TITLE, bordereau.SUBJECT),
    Document.RETURN_LABEL: Builder(etiquette.build, etiquette.TITLE, etiquette.SUBJECT),
}

# The order of the complete dossier: the checklist first, then envelope 1, then envelope 2.
COMPLETE_ORDER = (
    Document.BORDEREAU,
    Document.PRESIDENT_LETTER,
    Document.ATTESTATION,
    Document.RETURN_LABEL,
    Document.CERTEUROPE_LETTER,
)
COMPLETE_TITLE = "Dossier de demande de certificat CertEurope pour OPALEXE"


@dataclass(frozen=True)
class Written:
    """A file written; ``replaced`` says that a file of that name was there before."""

    document: Document
    path: Path
    replaced: bool
    contains: tuple[Document, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A document not made, with the French reasons why."""

    document: Document
    reasons: list[str]


@dataclass
class DossierResult:
    """What ``write_dossier`` did."""

    directory: Path
    written: list[Written] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def existing_files(directory: Path) -> list[Path]:
    """The dossier's files already in ``directory`` (they would be replaced)."""
    return [directory / d.filename for d in Document if (directory / d.filename).exists()]


def _write(parts: list[Part], metadata: Metadata, path: Path) -> bool:
    """Render into a temporary file, then move it in place; True when a file was replaced."""
    replaced = path.exists()
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        render(parts, metadata, temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return replaced


def write_document(data: DossierData, document: Document, path: Path) -> bool:
    """Write one document (not the complete dossier) to ``path``; True if it replaced a file.

    Raises ``DocumentNotReady`` when its data is not known yet.
    """
    holder = require_holder(data, document)
    builder = BUILDERS[document]
    metadata = Metadata(builder.title, holder.signature_name, builder.subject)
    return _write([builder.build(data)], metadata, path)


def write_dossier(data: DossierData, directory: Path) -> DossierResult:
    """Write every document that can be made into ``directory``, and the complete dossier.

    Files of the same name are replaced (``Written.replaced`` says so: the caller asks first
    with ``existing_files``); the documents that cannot be made yet are listed with why.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError(f"« {directory} » existe déjà et n'est pas un dossier.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"Impossible de créer le dossier « {directory} » : {error.strerror}."
        ) from None
    result = DossierResult(directory=directory)
    ready: list[Document] = []
    for document in BUILDERS:
        reasons = missing_for(data, document)
        if reasons:
            result.skipped.append(Skipped(document, reasons))
            continue
        path = directory / document.filename
        result.written.append(Written(document, path, write_document(data, document, path)))
        ready.append(document)
    complete_reasons = missing_for(data, Document.COMPLETE)
    if complete_reasons or data.holder is None:
        result.skipped.append(Skipped(Document.COMPLETE, complete_reasons))
        return result
    contains = tuple(d for d in COMPLETE_ORDER if d in ready)
    path = directory / Document.COMPLETE.filename
    metadata = Metadata(
        COMPLETE_TITLE,
        data.holder.signature_name,
        "Tous les documents à imprimer : " + ", ".join(BUILDERS[d].title for d in contains),
    )
    replaced = _write([BUILDERS[d].build(data) for d in contains], metadata, path)
    result.written.append(Written(Document.COMPLETE, path, replaced, contains))
    return result
