"""Hand-edited, hostile or strange state files: refused in French, never changed, never a crash.

Every line here was a reproduced failure: an "Erreur inattendue", a state stuck on
``IndexError``, a version read as current, a key dropped on the next write, stale temporary
files, a symlinked state forked, a FIFO that blocks forever.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.adapters import store
from opalexe_cert.domain.errors import StateLockedError

from clirun import EXAMPLES
from conftest import EXAMPLE_ANSWERS, Runner, write_answers

VALID: dict[str, Any] = json.loads((EXAMPLES / "state-en-cours.json").read_text("utf-8"))


def edited(change: Callable[[dict[str, Any]], object]) -> str:
    data = copy.deepcopy(VALID)
    change(data)
    return json.dumps(data, ensure_ascii=False)


def answer(key: str, value: object) -> Callable[[dict[str, Any]], object]:
    return lambda data: data["cycle"]["answers"].__setitem__(key, value)


def finished(**values: object) -> Callable[[dict[str, Any]], object]:
    entry = {"number": 1, "answers": {}, "completed_on": "2026-09-20"} | values
    return lambda data: data.__setitem__("history", [entry])


def holder(key: str, value: object) -> Callable[[dict[str, Any]], object]:
    return lambda data: data["holder"].__setitem__(key, value)


def other_compagnie(data: dict[str, Any]) -> None:
    data["cycle"]["answers"].update(
        {
            "profile.compagnie": "other",
            "profile.compagnie_name": "Compagnie des experts de Pau",
            "profile.court_of_appeal": "Pau",
            "profile.president_civility": "Mlle",
            "profile.president_name": "Marc GAUTHIER",
            "profile.compagnie_address": "1 rue du Palais\n64000 PAU",
        }
    )


# name -> (file content, what the message must name)
HOSTILE: dict[str, tuple[str, str]] = {
    "version-string": (edited(lambda d: d.__setitem__("schema_version", "1")), "schema_version"),
    "version-float": (edited(lambda d: d.__setitem__("schema_version", 1.0)), "schema_version"),
    "version-missing": (edited(lambda d: d.pop("schema_version")), "schema_version"),
    "date-words": (edited(answer("account.date", "le 1er septembre")), "account.date"),
    "date-time": (edited(answer("account.date", "2026-09-01T10:00")), "account.date"),
    "year-1": (edited(answer("president_mail.id_expiry", "0001-01-01")), "id_expiry"),
    "year-9999": (edited(answer("president_mail.id_expiry", "9999-12-31")), "id_expiry"),
    "history-9999": (edited(finished(cert_expiry="9999-12-31")), "history.0.cert_expiry"),
    "huge-int": (edited(lambda d: d["cycle"].__setitem__("number", 10**4000)), "cycle.number"),
    "huge-int-5000": ('{"schema_version": 1, "cycle": {"number": ' + "9" * 5000 + "}}", ""),
    "deep": ('{"a":' * 100_000 + "1" + "}" * 100_000, "imbriqué"),
    "bad-civility": (edited(other_compagnie), "president_civility"),
    "unknown-holder-key": (edited(holder("birth_date", "1970-01-01")), "holder.birth_date"),
    "unknown-lookup-key": (
        edited(lambda d: d["cycle"].__setitem__("lookup", {"siren": "123456782", "x": 1})),
        "cycle.lookup.x",
    ),
    "unknown-answer": (edited(answer("profile.birth_date", "1970-01-01")), "birth_date"),
    "escape-in-name": (edited(holder("surname", "X\x1b]0;pwned\x07")), "holder.surname"),
    "verified-text": (edited(holder("verified", "yes")), "holder.verified"),
    "amount-text": (edited(answer("payment.amount", "109")), "payment.amount"),
    "calendar-9999": (
        edited(
            lambda d: d.__setitem__(
                "calendar",
                {"e@opalexe-cert": {"fingerprint": "0" * 64, "modified": "9999-12-31T23:59-12:00"}},
            )
        ),
        "modified",
    ),
    "certificate-escape": (
        edited(
            lambda d: d["cycle"].__setitem__(
                "certificate",
                {
                    "expiry": "2029-10-20",
                    "source": "file",
                    "subject": "CN=X\x1b]0;pwned\x07",
                    "issuer": "CN=CertEurope",
                    "not_before": "2026-10-20",
                },
            )
        ),
        "cycle.certificate.subject",
    ),
    "answer-object": (edited(answer("profile.email", {"a": 1})), "« cycle.answers.profile.email »"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_status_refuses_hostile_state_in_french(cli: Runner, state_file: Path, kind: str) -> None:
    content, named = HOSTILE[kind]
    state_file.parent.mkdir(parents=True)
    state_file.write_text(content, encoding="utf-8")
    result = cli("status", "--json")
    assert result.code == 1, result.text
    assert "illisible" in result.err and named in result.err.replace("\n", "")
    assert "inattendue" not in result.text and "Traceback" not in result.text
    assert state_file.read_text(encoding="utf-8") == content


@pytest.mark.parametrize(
    "kind", ["date-words", "year-9999", "bad-civility", "version-float", "calendar-9999"]
)
@pytest.mark.parametrize("command", ["calendar", "print-dossier", "start", "renew"])
def test_every_command_leaves_a_hostile_state_untouched(
    cli: Runner, state_file: Path, tmp_path: Path, kind: str, command: str
) -> None:
    content, named = HOSTILE[kind]
    state_file.parent.mkdir(parents=True)
    state_file.write_text(content, encoding="utf-8")
    args = {
        "calendar": ["calendar", "--output", str(tmp_path / "e.ics")],
        "print-dossier": ["print-dossier", "--output", str(tmp_path / "dossier")],
        "start": ["start", "--answers", str(EXAMPLE_ANSWERS)],
        "renew": ["renew"],
    }[command]
    result = cli(*args)
    assert result.code == 1, result.text
    assert "illisible" in result.err and named in result.err.replace("\n", "")
    assert "inattendue" not in result.text
    assert state_file.read_text(encoding="utf-8") == content
    assert not (tmp_path / "e.ics").exists() and not (tmp_path / "dossier").exists()


def test_null_answer_is_not_given_and_never_stored(
    cli: Runner, state_file: Path, tmp_path: Path
) -> None:
    answers = write_answers(tmp_path / "a.json", {"profile.email": "a@b.fr", "profile.date": None})
    first = cli("start", "--answers", str(answers))
    assert first.code == 2 and "account.date" in first.err, first.text  # the next missing one
    recorded = json.loads(state_file.read_text("utf-8"))["cycle"]["answers"]
    assert recorded["profile.date"] == "2026-11-26"  # the auto-dated step took today


def test_state_holding_a_null_date_can_go_on(cli: Runner, state_file: Path) -> None:
    state_file.parent.mkdir(parents=True)
    state_file.write_text(edited(answer("president_return.date", None)), encoding="utf-8")
    assert cli("status", "--json").code == 0
    result = cli("start", "--answers", str(EXAMPLE_ANSWERS))
    assert result.code == 0, result.text
    recorded = json.loads(state_file.read_text("utf-8"))["cycle"]["answers"]
    assert recorded["president_return.date"] is not None


def test_stale_temporaries_of_a_killed_write_are_removed(cli: Runner, state_file: Path) -> None:
    killer = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from opalexe_cert.adapters import atomic

        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

        os.replace = die  # killed between the temporary file and the rename
        atomic.write_bytes(Path({str(state_file)!r}), b"{{}}")
        """
    )
    state_file.parent.mkdir(parents=True)
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", killer], check=False)
        assert proc.returncode == -signal.SIGKILL
    stale = [p for p in state_file.parent.iterdir() if p.suffix == ".tmp"]
    assert len(stale) == 2
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    left = sorted(p.name for p in state_file.parent.iterdir() if p.suffix != ".lock")
    assert left == ["state.json"]


def test_symlinked_state_is_written_through(cli: Runner, tmp_path: Path) -> None:
    synced = tmp_path / "synced" / "state.json"
    synced.parent.mkdir()
    synced.write_text(edited(answer("president_return.date", None)), encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(synced)
    result = cli("--state", str(link), "start", "--answers", str(EXAMPLE_ANSWERS))
    assert result.code == 0, result.text
    assert link.is_symlink()
    recorded = json.loads(synced.read_text("utf-8"))["cycle"]["answers"]
    assert recorded["president_return.date"] is not None
    assert sorted(p.name for p in synced.parent.iterdir()) == ["state.json", "state.json.lock"]


def test_a_symlinked_alias_shares_the_lock(cli: Runner, tmp_path: Path) -> None:
    real = tmp_path / "state.json"
    alias = tmp_path / "alias.json"
    alias.symlink_to(real)
    with store.writer(real):
        with pytest.raises(StateLockedError), store.writer(alias):
            pass
        refused = cli("--state", str(alias), "start", "--answers", str(EXAMPLE_ANSWERS))
        assert refused.code == 1 and "déjà ouvert" in refused.err, refused.text
    assert not real.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifo_or_device_as_state_is_refused_at_once(cli: Runner, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        for command in (["status"], ["start", "--answers", str(EXAMPLE_ANSWERS)]):
            result = cli("--state", str(path), *command)
            assert result.code == 1, result.text
            assert "pas un fichier ordinaire" in result.err
    assert fifo.exists() and not fifo.is_file()
    assert not (tmp_path / "fifo.json.lock").exists()  # refused before any lock file is made


def test_oversized_state_is_refused(cli: Runner, state_file: Path) -> None:
    state_file.parent.mkdir(parents=True)
    big = edited(lambda d: d.__setitem__("padding", " " * 100)).replace(
        '"padding"', " " * (store.MAX_STATE_BYTES) + '"padding"'
    )
    state_file.write_text(big, encoding="utf-8")
    result = cli("status")
    assert result.code == 1 and "trop volumineux" in result.err, result.text
