"""examples/dossier/ must be what the current code makes from examples/answers-complete.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from opalexe_cert import engine
from opalexe_cert.documents.data import Document
from opalexe_cert.documents.dossier import write_dossier
from opalexe_cert.documents.from_state import dossier_data
from opalexe_cert.state import State

ROOT = Path(__file__).resolve().parents[1]
PINNED = dt.date(2026, 10, 20)  # OPALEXE_CERT_TODAY in scripts/make-examples.sh


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    answers = json.loads((ROOT / "examples" / "answers-complete.json").read_text("utf-8"))
    state = State()
    for key, value in answers.items():
        state = engine.record(state, key, value, PINNED)
    directory = tmp_path_factory.mktemp("examples")
    write_dossier(dossier_data(state, PINNED), directory)
    return directory


@pytest.mark.parametrize("document", list(Document))
def test_committed_example_is_up_to_date(fresh: Path, document: Document) -> None:
    committed = ROOT / "examples" / "dossier" / document.filename
    assert committed.exists(), "run scripts/make-examples.sh"
    assert pages(committed) == pages(fresh / document.filename), "run scripts/make-examples.sh"
