"""Write the dossier: every document that can be made, each alone and all in one file."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from opalexe_cert.adapters.atomic import check_regular, write_bytes, write_many
from opalexe_cert.adapters.documents import (
    attestation,
    bordereau,
    copie_identite,
    etiquette,
    lettre_certeurope,
    lettre_president,
)
from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    applies,
    check_printable,
    in_complete,
    missing_for,
    presidential,
    require_holder,
)
from opalexe_cert.adapters.documents.layout import Metadata, Part, render
from opalexe_cert.domain.errors import InputError, os_reason


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
    Document.ID_COPY: Builder(copie_identite.build, copie_identite.TITLE, copie_identite.SUBJECT),
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
    Document.ID_COPY,
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


def _pdf(parts: list[Part], metadata: Metadata) -> bytes:
    """Render in memory: nothing touches the disk before every document is made."""
    buffer = io.BytesIO()
    render(parts, metadata, buffer)
    return buffer.getvalue()


def _metadata(data: DossierData, document: Document, builder: Builder, author: str) -> Metadata:
    """The PDF's title and subject, « la Présidente » for a Présidente."""
    title = presidential(builder.title, data.compagnie)
    return Metadata(title, author, presidential(builder.subject, data.compagnie), data.letter_date)


def render_document(data: DossierData, document: Document) -> bytes:
    """One document (not the complete dossier) as PDF bytes.

    Raises ``DocumentNotReady`` when its data is not known yet, ``UnprintableAddress`` when
    an address recorded cannot be printed.
    """
    require_holder(data, document)
    check_printable(data)
    return _document_pdf(data, document, BUILDERS[document].build(data))


def _document_pdf(data: DossierData, document: Document, part: Part) -> bytes:
    """The PDF of ``document`` alone, from its ``part`` (which can be laid out again)."""
    builder = BUILDERS[document]
    author = require_holder(data, document).signature_name
    return _pdf([part], _metadata(data, document, builder, author))


def write_document(data: DossierData, document: Document, path: Path) -> bool:
    """Write one document to ``path`` (owner-only, atomically); True if it replaced a file."""
    content = render_document(data, document)
    replaced = path.exists()
    write_bytes(path, content)
    return replaced


def _folder_error(directory: Path, error: OSError) -> InputError:
    return InputError(
        f"Impossible d'écrire dans le dossier « {directory} » : {os_reason(error)}. "
        "Choisissez un autre dossier avec --output. Aucun fichier n'a été écrit."
    )


def _write_all(directory: Path, files: dict[Path, bytes]) -> None:
    """Write every file or none: on a failure, the files already replaced are put back as
    they were (the previous content, or no file)."""
    previous: dict[Path, bytes | None] = {}
    try:
        for path in files:
            check_regular(path)
            previous[path] = path.read_bytes() if path.exists() else None
    except OSError as error:
        raise _folder_error(directory, error) from None
    try:
        write_many(files)
    except OSError as error:
        for path, old in previous.items():
            with contextlib.suppress(OSError):
                if old is None:
                    path.unlink(missing_ok=True)
                elif path.read_bytes() != old:
                    write_bytes(path, old)
        raise _folder_error(directory, error) from None


def write_files(directory: Path, files: dict[Path, bytes]) -> None:
    """Create ``directory`` if need be, then write every file into it or none."""
    if directory.exists() and not directory.is_dir():
        raise InputError(f"« {directory} » existe déjà et n'est pas un dossier.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"Impossible de créer le dossier « {directory} » : {os_reason(error)}. "
            "Choisissez un autre dossier avec --output."
        ) from None
    _write_all(directory, files)


def write_dossier(data: DossierData, directory: Path) -> DossierResult:
    """Write every document that can be made into ``directory``, and the complete dossier.

    All or nothing: every PDF is made in memory first, then all are written; a failure
    leaves the folder as it was. Files of the same name are replaced (``Written.replaced``
    says so: the caller asks first with ``existing_files``); the documents that cannot be made
    yet are listed with why.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError(f"« {directory} » existe déjà et n'est pas un dossier.")
    check_printable(data)
    result = DossierResult(directory=directory)
    parts: dict[Document, Part] = {}  # each built once: alone, then in the complete dossier
    made: dict[Document, bytes] = {}
    for document in BUILDERS:
        if not applies(data, document):
            continue
        reasons = missing_for(data, document)
        if reasons:
            result.skipped.append(Skipped(document, reasons))
            continue
        parts[document] = BUILDERS[document].build(data)
        made[document] = _document_pdf(data, document, parts[document])
    complete_reasons = missing_for(data, Document.COMPLETE)
    contains: tuple[Document, ...] = ()
    if complete_reasons or data.holder is None:
        result.skipped.append(Skipped(Document.COMPLETE, complete_reasons))
    else:
        contains = tuple(d for d in COMPLETE_ORDER if d in parts and in_complete(data, d))
        metadata = Metadata(
            COMPLETE_TITLE,
            data.holder.signature_name,
            "Tous les documents à imprimer : "
            + ", ".join(presidential(BUILDERS[d].title, data.compagnie) for d in contains),
            data.letter_date,
        )
        made[Document.COMPLETE] = _pdf([parts[d] for d in contains], metadata)
    if not made:
        return result
    paths = {document: directory / document.filename for document in made}
    replaced = {document: path.exists() for document, path in paths.items()}
    write_files(directory, {paths[d]: content for d, content in made.items()})
    for document in made:
        written_contains = contains if document is Document.COMPLETE else ()
        result.written.append(
            Written(document, paths[document], replaced[document], written_contains)
        )
    return result
