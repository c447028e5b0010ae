"""``start --answers --no-input`` and ``status`` through the real console script."""

from __future__ import annotations

import json
from pathlib import Path

from opalexe_cert.domain.procedure import STEP_IDS

from conftest import EXAMPLE_ANSWERS, Runner, example_answers, write_answers


def status_json(cli: Runner, today: str = "2026-11-26") -> dict[str, object]:
    result = cli("status", "--json", today=today)
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_status_json_on_a_missing_file(cli: Runner, state_file: Path) -> None:
    data = status_json(cli)
    assert data["current_step"] == "profile"
    steps = data["steps"]
    assert isinstance(steps, list)
    assert [s["id"] for s in steps] == list(STEP_IDS)
    assert [s["state"] for s in steps] == ["current"] + ["pending"] * 12
    assert data["deadlines"] == [] and data["history"] == []
    assert data["today"] == "2026-11-26"
    assert not state_file.exists()  # reading never creates the file


def test_example_answers_drive_a_full_run(cli: Runner, state_file: Path) -> None:
    result = cli("start", "--answers", str(EXAMPLE_ANSWERS), "--no-input")
    assert result.code == 0, result.err
    assert "certificat est activé" in result.out
    assert "entre le 20 juillet 2029 et le 20 août 2029" in result.out
    data = status_json(cli)
    assert data["current_step"] is None
    assert data["holder"] == {
        "siren": "123456782",
        "civility": "Mme",
        "surname": "d’AUBIGNÉ-LŒWENBRUCK",
        "given_names": "Éloïse Marie",
        "address": "12 rue des Lilas\n33000 BORDEAUX",
        "verified": False,
        "siren_checked": False,
    }
    assert data["offer"] == {"medium": "card", "handover": "president"}
    deadlines = {d["id"]: d for d in data["deadlines"]}  # type: ignore[attr-defined]
    assert deadlines["renewal"]["start"] == "2029-07-20"
    assert deadlines["renewal"]["end"] == "2029-08-20"
    assert deadlines["delivery"]["start"] == "2026-10-07"
    assert deadlines["delivery"]["end"] == "2026-10-28"
    assert {d["state"] for d in deadlines.values()} == {"met", "upcoming"}


def test_missing_answer_stops_names_the_key_and_keeps_the_rest(
    cli: Runner, state_file: Path, tmp_path: Path
) -> None:
    answers = example_answers()
    del answers["payment.date"]
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 2
    assert "« payment.date »" in result.err
    assert "Traceback" not in result.text
    data = status_json(cli)
    assert data["current_step"] == "payment"
    saved = json.loads(state_file.read_text(encoding="utf-8"))["cycle"]["answers"]
    assert saved["order_form.date"] == "2026-09-01"
    # the answers of the stopped step given before the missing one are kept too
    assert saved["payment.reference"] == "CMD-2026-0917"
    assert "payment.date" not in saved

    answers["payment.date"] = "2026-09-02"
    resumed = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert resumed.code == 0, resumed.err
    assert status_json(cli)["current_step"] is None


def test_invalid_answer_names_the_key_and_why(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers() | {"siren.siren": "123456789"}
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 2
    assert "« siren.siren »" in result.err and "clé de contrôle" in result.err
    assert status_json(cli)["current_step"] == "siren"


def test_future_date_is_refused(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers() | {"account.date": "2026-12-24"}
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 2
    assert "« account.date »" in result.err and "dans le futur" in result.err


def test_unknown_key_is_refused_before_anything_is_recorded(
    cli: Runner, state_file: Path, tmp_path: Path
) -> None:
    answers = example_answers() | {"offer.colour": "bleu"}
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 2
    assert "offer.colour" in result.err
    assert not state_file.exists()


def test_answers_file_errors(cli: Runner, tmp_path: Path) -> None:
    missing = cli("start", "--answers", str(tmp_path / "absent.json"))
    assert missing.code == 2 and "n'existe pas" in missing.err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = cli("start", "--answers", str(broken))
    assert result.code == 2 and "pas du JSON valide" in result.err
    listing = tmp_path / "list.json"
    listing.write_text("[]", encoding="utf-8")
    assert cli("start", "--answers", str(listing)).code == 2


def test_nested_answers_are_accepted(cli: Runner, tmp_path: Path) -> None:
    nested = {"profile": {"email": "x@y.fr"}, "account": {"date": "2026-11-20"}}
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", nested)))
    assert result.code == 2
    assert "« offer.medium »" in result.err
    assert status_json(cli)["current_step"] == "offer"


def test_start_without_terminal_names_the_first_missing_key(cli: Runner) -> None:
    result = cli("start")
    assert result.code == 2
    assert "« profile.email »" in result.err


def test_status_text_report(cli: Runner) -> None:
    cli("start", "--answers", str(EXAMPLE_ANSWERS))
    result = cli("status", today="2029-08-01")
    assert result.code == 0, result.err
    assert "Renouvellement du certificat" in result.out
    assert "en cours" in result.out
    assert "1er septembre 2026" in result.out
    assert "d'AUBIGNÉ-LŒWENBRUCK" in result.out


def test_status_text_before_the_dossier_is_sent(cli: Runner, tmp_path: Path) -> None:
    answers = {k: v for k, v in example_answers().items() if not k.startswith("president_")}
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    result = cli("status", today="2026-10-05")
    assert "Prochaine action" in result.out
    assert "opalexe-cert start" in result.out
    assert "3 à 6 semaines" in result.out  # never broken across lines
    assert "EN RETARD" in result.out  # preparation ended on 1 October


def test_renew_after_activation(cli: Runner) -> None:
    assert cli("renew").code == 2  # nothing activated yet
    cli("start", "--answers", str(EXAMPLE_ANSWERS))
    result = cli("renew", today="2029-07-25")
    assert result.code == 0, result.err
    data = status_json(cli, today="2029-07-25")
    assert data["current_step"] == "account"
    history = data["history"]
    assert isinstance(history, list) and history[0]["cert_expiry"] == "2029-10-20"
    renewal = [d for d in data["deadlines"] if d["id"] == "renewal"]  # type: ignore[attr-defined]
    # under way, not met: a renewal ends with the new certificate's activation
    assert (renewal[0]["state"], renewal[0]["started_on"]) == ("open", "2029-07-25")


def test_version(cli: Runner) -> None:
    result = cli("--version")
    assert result.code == 0 and result.out.startswith("opalexe-cert ")


def test_status_json_into_a_closed_pipe_stays_quiet(cli: Runner, state_file: Path) -> None:
    import os
    import subprocess

    from clirun import SCRIPT
    from conftest import base_env

    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has already left, like `| head -c 0`
    proc = subprocess.run(
        [str(SCRIPT), "status", "--json"],
        env=base_env(state_file),
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        timeout=30,
        check=False,
    )
    os.close(write_end)
    assert proc.returncode == 1
    assert proc.stderr == ""


def test_replaying_the_same_answers_warns_of_nothing(cli: Runner) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    again = cli("start", "--answers", str(EXAMPLE_ANSWERS))
    assert again.code == 0
    assert "ignorée" not in again.err


def test_a_changed_answer_for_a_done_step_is_reported(cli: Runner, tmp_path: Path) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    changed = example_answers() | {"offer.medium": "usb_key"}
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", changed)))
    assert "« offer.medium » est déjà enregistrée" in result.err
    assert json.loads(cli("status", "--json").out)["offer"]["medium"] == "card"


def test_state_path_that_cannot_hold_a_lock_is_not_called_busy(
    cli: Runner, state_file: Path
) -> None:
    (state_file.parent / "state.json.lock").mkdir(parents=True)  # the lock cannot be made
    result = cli("start", "--answers", str(EXAMPLE_ANSWERS))
    assert result.code == 1
    assert "déjà ouvert" not in result.err
    assert "c'est un dossier" in result.err
    assert "Traceback" not in result.text
