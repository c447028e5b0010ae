"""The hostile battery: calendar beside an open session, a closed standard output, a SIRENE
URL in capitals, a head office NIC that is not one, masks with inner spaces, renew at the
cycle-number cap."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from test_start_sirene import TYPED, run, saved, until_siren

from opalexe_cert.adapters.store import writer

from clirun import SCRIPT, clean_env
from conftest import EXAMPLE_ANSWERS, Runner
from sirene_server import BAD_NIC, PERSON_ACTIVE, SPACED_MASK, SireneServer


def _uids(ics: Path) -> list[str]:
    return sorted(line for line in ics.read_text().splitlines() if line.startswith("UID:"))


def test_calendar_reads_a_state_another_session_holds(
    cli: Runner, tmp_path: Path, state_file: Path
) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    before = state_file.read_bytes()
    locked_ics, free_ics = tmp_path / "locked.ics", tmp_path / "free.ics"
    with writer(state_file):  # a wizard left open in another window
        result = cli("calendar", "--output", str(locked_ics))
    assert result.code == 0, result.err
    assert "l'export l'a seulement lu, sans rien y modifier" in " ".join(result.out.split())
    assert state_file.read_bytes() == before  # nothing recorded while it was held
    assert cli("calendar", "--output", str(free_ics)).code == 0
    # the identifier recorded now is the one the export made while the state was held
    assert _uids(locked_ics) == _uids(free_ics) and _uids(free_ics)


def test_status_with_standard_output_closed_says_so_in_french(
    cli: Runner, state_file: Path
) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    for args in ("status", "status --json"):
        done = subprocess.run(
            ["/bin/sh", "-c", f'"{SCRIPT}" {args} >&-'],
            env=clean_env("2026-11-26", state_file),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 1
        err = " ".join(done.stderr.replace("\u2019", "'").split())
        assert "la sortie standard est fermée" in err and "inattendue" not in err


def test_a_sirene_url_written_in_capitals_is_understood(
    cli: Runner, tmp_path: Path, state_file: Path, sirene_server: SireneServer
) -> None:
    answers = until_siren(PERSON_ACTIVE, **{"siren.confirm": True, "siren.civility": "Mme"})
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    env = sirene_server.env() | {"OPALEXE_CERT_OFFLINE": "0"}
    env["OPALEXE_CERT_RECHERCHE_URL"] = env["OPALEXE_CERT_RECHERCHE_URL"].replace(
        "http://", "HTTP://"
    )
    result = cli("start", "--answers", str(path), env=env)
    assert "« order_form.date »" in result.err, result.err
    assert saved(state_file)["holder"]["verified"] is True


def test_a_head_office_nic_that_is_not_5_digits_is_not_used(
    cli: Runner, tmp_path: Path, state_file: Path, sirene_server: SireneServer
) -> None:
    answers = until_siren(BAD_NIC, **{"siren.confirm": True, "siren.civility": "Mme"})
    result = run(cli, tmp_path, sirene_server, answers, "insee")
    assert "« siren.address »" in result.err  # no address found: it is asked
    paths = sirene_server.requests_for(BAD_NIC)
    assert paths and not any("/siret/" in p for p in paths)
    assert saved(state_file)["cycle"]["lookup"]["address"] is None


def test_masks_with_inner_spaces_are_masks(
    cli: Runner, tmp_path: Path, state_file: Path, sirene_server: SireneServer
) -> None:
    result = run(cli, tmp_path, sirene_server, until_siren(SPACED_MASK, **TYPED))
    assert "« order_form.date »" in result.err, result.err
    text = state_file.read_text(encoding="utf-8")
    assert "ND ]" not in text and "ND ]" not in result.text
    holder = saved(state_file)["holder"]
    assert holder["surname"] == "LEFEBVRE" and holder["verified"] is False


def test_renew_at_the_cycle_number_cap_is_refused_in_french_at_once(
    cli: Runner, state_file: Path
) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    data = json.loads(state_file.read_text(encoding="utf-8"))
    answers = data["cycle"]["answers"]
    done = {"answers": answers, "completed_on": "2026-10-20", "cert_expiry": "2029-10-20"}
    data["history"] = [done | {"number": n} for n in range(1, 1000)]
    data["cycle"]["number"] = 1000
    state_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = state_file.read_bytes()
    started = time.process_time()
    result = cli("renew", today="2029-08-01")
    assert time.process_time() - started < 1.0
    assert result.code == 2
    said = " ".join(result.err.split())
    assert "ce fichier d'état compte déjà 1 000 demandes" in said
    assert "ValidationError" not in said and "inattendue" not in said
    assert state_file.read_bytes() == before
