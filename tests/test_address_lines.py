"""Each address line is checked as it is typed: a line no envelope can print (a pasted page)
is refused at once, not after the whole address, and is not put back in the field.

The wizard runs in this process (``start`` with a terminal), its keys fed on a pipe by a
thread: a paste of 100,000 words is larger than the pipe's buffer.
"""

from __future__ import annotations

import threading
from pathlib import Path

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from opalexe_cert.domain.address import MAX_LINE_LENGTH, line_problem

from clirun import clean_env, invoke
from conftest import TODAY
from wizard_support import ENTER, answers_until, prepare, saved

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # a terminal's bracketed paste


def wizard(state: Path, typed: str) -> str:
    """``opalexe-cert start`` at a terminal, ``typed`` as its keys; what it printed."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):

        def feed() -> None:
            pipe.send_text(typed)
            pipe.close()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        result = invoke("start", variables=clean_env(TODAY, state), terminal=True)
        feeder.join()
    return result.text


def test_a_pasted_page_is_refused_as_the_first_line(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    prepare(state, answers_until("siren.address"), TODAY)
    page = " ".join(["mot"] * 100_000)
    # continue; keep the answers given; line 1 pasted (and Enter); then a real address
    typed = ENTER + ENTER + PASTE_START + page + PASTE_END + ENTER
    typed += "12 rue des Lilas" + ENTER + "33000 Bordeaux" + ENTER + ENTER
    shown = wizard(state, typed)
    assert shown.count("raccourcissez-la") == 1, shown[-3000:]
    assert f"compte {len(page)} caractères" in shown
    assert "Recommencez l'adresse" not in shown  # refused as a line, not as an address
    assert saved(state)["cycle"]["answers"]["siren.address"] == "12 rue des Lilas\n33000 BORDEAUX"


def test_a_line_is_refused_only_when_no_place_in_the_address_can_print_it() -> None:
    assert line_problem("12 rue des Lilas") is None
    # 42 characters, but « BOULEVARD » abbreviates to « BD »: it fits once printed
    assert line_problem("Appartement 12, boulevard Maréchal Gallieni") is None
    long_line = "x" * (MAX_LINE_LENGTH + 1)
    problem = line_problem(long_line)
    assert problem is not None and f"compte {MAX_LINE_LENGTH + 1} caractères" in problem
