"""Hand-edited state files, at random: every value read is checked on load.

Hypothesis replaces one value anywhere in a full state (answers, holder, SIRENE look-up,
history, certificate, calendar marks) by a wrong or hostile one, then runs the commands that
read the state. Each either works or refuses in French; none says "Erreur inattendue", and a
file refused is never changed.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opalexe_cert.adapters import store

from clirun import EXAMPLES, clean_env
from clirun import invoke as run_in_process
from conftest import TODAY

BASE: dict[str, Any] = json.loads((EXAMPLES / "state-en-cours.json").read_text("utf-8"))
BASE["cycle"]["lookup"] = {
    "siren": "123456782",
    "legal_category": "1000",
    "active": True,
    "birth_name": "DUPONT",
    "address": ["12 RUE DES LILAS", "33000 BORDEAUX"],
}
BASE["cycle"]["certificate"] = {
    "expiry": "2029-10-20",
    "source": "file",
    "subject": "CN=X",
    "issuer": "CN=CertEurope",
    "not_before": "2026-10-20",
}
BASE["history"] = [
    {"number": 1, "answers": {"profile.compagnie": "acso"}, "completed_on": "2026-01-02"}
]
BASE["calendar"] = {"e@opalexe-cert": {"fingerprint": "0" * 64, "modified": "2026-09-20T12:00Z"}}

VALUES: list[Any] = [
    None,
    "",
    "le 1er septembre",
    "2026-09-01T10:00",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59-12:00",
    "X\x1b]0;pwned\x07",
    "\u202e",
    "[/]",
    10**1000,
    -(10**20),
    1e308,
    -1,
    0,
    2.5,
    True,
    [],
    [[[]]],
    {},
    {"x": 1},
    "Mlle",
    "other",
]


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in the JSON tree (containers and leaves)."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


PLACES = [p for p in paths(BASE) if p]


def edit(data: dict[str, Any], place: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """``data`` with the value at ``place`` replaced (raises if an earlier edit removed it)."""
    data = copy.deepcopy(data)
    node = data
    for step in place[:-1]:
        node = node[step]
    node[place[-1]] = value
    return data


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(VALUES)), max_size=2))
def test_hand_edited_states_never_crash(edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = copy.deepcopy(BASE)
    for place, value in edits:
        try:
            data = edit(data, place, value)
        except (KeyError, IndexError, TypeError):  # an earlier edit removed the place
            continue
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        state = folder / "state.json"
        content = json.dumps(data, ensure_ascii=False)
        state.write_text(content, encoding="utf-8")
        env = clean_env(TODAY, state, NO_COLOR="1", COLUMNS="100")
        for args in (
            ["status"],
            ["status", "--json"],
            ["calendar", "--output", str(folder / "e.ics")],
            ["print-dossier", "--output", str(folder / "dossier")],
        ):
            before = state.read_text(encoding="utf-8")
            result = run_in_process(*args, variables=env)
            assert "inattendue" not in result.text, (edits, args, result.text)
            assert result.code in (0, 1, 2), (edits, args, result.text)
            if state.read_text(encoding="utf-8") != before:  # calendar keeps its marks
                store.load(state)  # what was written reads back
                assert result.code == 0, result.text
