"""Nothing prints or reads settings through an ambient "current run": each is handed its own.

And a test whose typed keys run out fails alone (``OutOfKeys``) instead of raising the
``KeyboardInterrupt`` that would stop the whole pytest run.
"""

from __future__ import annotations

import io

import pytest

from opalexe_cert.cli import prompts
from opalexe_cert.cli.output import Output
from opalexe_cert.cli.wizard import screens
from opalexe_cert.domain.state import State

from wizard_support import CTRL_C, ENTER, OutOfKeys, keys


def test_a_screen_prints_on_the_output_it_is_handed(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    screens.goodbye(Output(out, err), State())
    screens.notice(Output(out, err), "la date semble lointaine")
    assert "À bientôt" in out.getvalue()
    assert "Attention" in err.getvalue()
    printed = capsys.readouterr()
    assert printed.out == "" and printed.err == ""


def test_a_refusal_goes_to_the_prompt_s_output(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    with keys(ENTER + "Dupont" + ENTER):
        assert prompts.text(Output(out, io.StringIO()), "Nom") == "Dupont"
    assert "Une réponse est nécessaire" in out.getvalue()
    assert capsys.readouterr().out == ""


def test_the_command_line_needs_the_environment_it_is_given() -> None:
    from typer.main import get_command

    from opalexe_cert.cli.command_line import app

    with pytest.raises(RuntimeError, match="no ambient environment"):
        get_command(app).main(args=["status"], standalone_mode=False)


def test_keys_that_run_out_fail_the_test_alone() -> None:
    with pytest.raises(OutOfKeys), keys("Dupont"):  # no Enter: the prompt wants more
        prompts.text(Output(io.StringIO(), io.StringIO()), "Nom")


def test_ctrl_c_typed_on_purpose_stays_an_interruption() -> None:
    with pytest.raises(KeyboardInterrupt) as raised, keys("Dupont" + CTRL_C):
        prompts.text(Output(io.StringIO(), io.StringIO()), "Nom")
    assert not isinstance(raised.value, OutOfKeys)
