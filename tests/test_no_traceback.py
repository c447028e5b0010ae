"""No command prints a traceback for bad input: French message and the documented status.

Each case runs the real console script; the bad inputs are those covered elsewhere (answers
files, state files, options, OPALEXE_CERT_TODAY, paths), gathered here for every command.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from clirun import opalexe

Setup = Callable[[Path], None]


def write(name: str, text: str) -> Setup:
    return lambda d: (d / name).write_text(text, encoding="utf-8")  # type: ignore[func-returns-value]


def mkdir(name: str) -> Setup:
    return lambda d: (d / name).mkdir()


TRUNCATED = write("state.json", '{"schema_version": 1, "cycle": {"answers": {"profi')
NEWER = write("state.json", '{"schema_version": 99}')
INVALID = write("state.json", '{"schema_version": 1, "cycle": {"number": "un"}}')
NOT_OBJECT = write("state.json", "[1, 2, 3]")

# (setup, args, extra environment, exit status)
CASES: dict[str, tuple[list[Setup], list[str], dict[str, str], int]] = {
    # bad answers files
    "answers not json": ([write("a.json", "{oops")], ["start", "--answers", "a.json"], {}, 2),
    "answers not object": ([write("a.json", "[]")], ["start", "--answers", "a.json"], {}, 2),
    "answers unknown key": (
        [write("a.json", '{"profile.couleur": "bleu"}')],
        ["start", "--answers", "a.json"],
        {},
        2,
    ),
    "answers bad siren": (
        [
            write(
                "a.json",
                '{"profile.compagnie": "acso", "profile.email": "a@b.fr", '
                '"account.date": "2026-10-01", "offer.medium": "card", '
                '"offer.handover": "president", "siren.siren": "123 456 789"}',
            )
        ],
        ["start", "--answers", "a.json"],
        {},
        2,
    ),
    "answers missing file": ([], ["start", "--answers", "nope.json"], {}, 2),
    "answers is a directory": ([mkdir("a.json")], ["start", "--answers", "a.json"], {}, 2),
    "answers missing key": ([write("a.json", "{}")], ["start", "--answers", "a.json"], {}, 2),
    # corrupt state files, for every command that reads one
    **{
        f"{label} state, {' '.join(args)}": ([setup], args, {}, 1)
        for label, setup in [
            ("truncated", TRUNCATED),
            ("newer", NEWER),
            ("invalid", INVALID),
            ("non-object", NOT_OBJECT),
        ]
        for args in (
            ["status"],
            ["status", "--json"],
            ["start", "--no-input"],
            ["calendar"],
            ["renew"],
            ["print-dossier", "--output", "d"],
        )
    },
    # the state path
    "state is a directory, status": ([mkdir("state.json")], ["status"], {}, 1),
    "state is a directory, start": ([mkdir("state.json")], ["start", "--no-input"], {}, 1),
    "state is a directory, calendar": ([mkdir("state.json")], ["calendar"], {}, 1),
    "state under a file": ([write("f", "")], ["--state", "f/state.json", "start"], {}, 1),
    "state under a file, status": ([write("f", "")], ["--state", "f/s.json", "status"], {}, 1),
    # options and commands
    "unknown option": ([], ["status", "--bogus"], {}, 2),
    "unknown global option": ([], ["--bogus", "status"], {}, 2),
    "unknown command": ([], ["bogus"], {}, 2),
    "missing option value": ([], ["calendar", "--output"], {}, 2),
    "extra argument": ([], ["calendar", "x.ics"], {}, 2),
    "renew too early": ([], ["renew"], {}, 2),
    "nothing for the calendar": ([], ["calendar"], {}, 2),
    "print-dossier too early": ([], ["print-dossier", "--output", "d"], {}, 2),
    # OPALEXE_CERT_TODAY
    **{
        f"bad today, {' '.join(args)}": ([], args, {"OPALEXE_CERT_TODAY": "hier"}, 2)
        for args in (["status"], ["status", "--json"], ["start", "--no-input"], ["calendar"])
    },
}


@pytest.mark.parametrize("debug", ["", "1"], ids=["", "debug"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_a_french_message_and_no_traceback(
    tmp_path: Path, case: str, debug: str
) -> None:
    setups, args, env, status = CASES[case]
    for setup in setups:
        setup(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    state = [] if "--state" in args else ["--state", str(tmp_path / "state.json")]
    done = opalexe(*state, *args, cwd=tmp_path, env={**env, "OPALEXE_CERT_DEBUG": debug})
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert done.returncode == status, output
    assert re.search(r"^Erreur[ .:]", done.stderr, re.M), done.stderr
    assert not re.search(r"\b(Error|Usage|Invalid|No such)\b", done.stderr), done.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k in before} == before  # nothing overwritten
