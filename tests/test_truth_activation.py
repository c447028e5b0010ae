"""Activation never records an expired or one-day certificate: refused at once, on the
expiry question, so the expert is never left on an activation date they cannot give."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_wizard_steps import DOWN, ENTER, TODAY, at, plain, walk

from opalexe_cert.cli.wizard import screens

from wizard_support import wizard_environment

TYPE_IT = ENTER + DOWN + DOWN + ENTER  # « Oui », activated; then: type the expiry


@pytest.mark.parametrize("expired", ["20/10/2026", "21/10/2026", "01/01/2026"])
def test_an_expired_certificate_is_refused_on_the_expiry_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], expired: str
) -> None:
    path = at(tmp_path, "activation.cert_expiry")
    # refused at once: the question comes again, and the usual date is then taken
    typed = TYPE_IT + expired + ENTER + DOWN + DOWN + ENTER + "20/10/2029" + ENTER + ENTER
    state, _source = walk(path, "activation", typed)
    printed = capsys.readouterr()
    err = plain(printed.err + printed.out)
    assert "ne peut pas venir d'être activé" in err
    assert "le 22 octobre 2026 au plus tôt" in err
    assert state.answers["activation.cert_expiry"] == "2029-10-20"
    assert state.answers["activation.date"] == TODAY


def test_no_congratulations_on_an_expired_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    path = at(tmp_path, "activation.cert_expiry")
    state, _source = walk(path, "activation", TYPE_IT + "20/10/2029" + ENTER + ENTER)
    capsys.readouterr()
    screens.completed(
        wizard_environment("2029-10-21").out, state, dt.date(2029, 10, 21), just_now=True
    )
    out = plain(capsys.readouterr().out)
    assert "Félicitations" not in out and "Il a expiré le 20 octobre 2029" in out
