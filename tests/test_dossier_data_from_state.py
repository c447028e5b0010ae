"""``dossier_data`` makes ``Holder`` and ``DossierData`` without validating them again (the
state's values were checked when it was read): validating what it made changes nothing, at
every stage of the example's procedure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_print_dossier import Runner, answers, run_start

from opalexe_cert.adapters.documents.data import DossierData, Holder
from opalexe_cert.adapters.documents.from_state import dossier_data
from opalexe_cert.adapters.store import load

STAGES = [None, "payment", "order_email", "president_mail", "president_return", "certeurope_mail"]


@pytest.mark.parametrize("upto", STAGES, ids=[s or "complete" for s in STAGES])
def test_what_dossier_data_makes_passes_validation_unchanged(
    upto: str | None, tmp_path: Path
) -> None:
    state = load(run_start(Runner(), tmp_path, answers(upto)))
    data = dossier_data(state, dt.date(2026, 10, 20))
    assert data.holder is not None
    holder = Holder.model_validate(dict(data.holder))
    assert holder == data.holder
    assert [type(v) for v in dict(holder).values()] == [type(v) for v in dict(data.holder).values()]
    validated = DossierData.model_validate({**dict(data), "holder": holder})
    assert validated == data
    assert [type(v) for v in dict(validated).values()] == [type(v) for v in dict(data).values()]
