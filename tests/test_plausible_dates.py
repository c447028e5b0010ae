"""Implausible dates are refused (or confirmed), through ``start --answers``.

An ID expired on the date sent is refused, one expiring within 3 months is a
warning; a certificate expires strictly after its activation, and 1 to 4 years after it
(refused from a file). The refusal states the bound exactly as enforced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, Runner, example_answers, write_answers

TODAY = "2026-10-20"  # the example's activation day


def run(cli: Runner, tmp_path: Path, **changes: Any) -> Result:
    answers = example_answers() | {k.replace("__", "."): v for k, v in changes.items()}
    return cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)), today=TODAY)


def recorded(state_file: Path) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(state_file.read_text("utf-8"))["cycle"]["answers"]
    return answers


def words(result: Result) -> str:
    return " ".join(result.err.split())


# --- the ID sent (sent on 4 September 2026) ----------------------------------------------------


def test_an_id_expired_on_the_day_sent_is_refused(
    cli: Runner, tmp_path: Path, state_file: Path
) -> None:
    result = run(cli, tmp_path, president_mail__id_expiry="2026-09-03")  # the day before
    assert result.code == 2
    assert "« president_mail.date »" in result.err
    assert "a expiré le 3 septembre 2026, avant son envoi le 4 septembre 2026" in words(result)
    assert "Nouvelle échéance" not in result.out
    answers = recorded(state_file)
    assert "president_mail.date" not in answers and "president_return.date" not in answers


@pytest.mark.parametrize("expiry", ["2026-09-04", "2026-12-04"])  # the day of, 3 months after
def test_an_id_expiring_within_3_months_is_a_warning(
    cli: Runner, tmp_path: Path, state_file: Path, expiry: str
) -> None:
    result = run(cli, tmp_path, president_mail__id_expiry=expiry)
    assert result.code == 0, result.err
    assert "au plus 3 mois après son envoi" in words(result)
    assert recorded(state_file)["president_mail.id_expiry"] == expiry


def test_an_id_expiring_later_is_not_warned_about(cli: Runner, tmp_path: Path) -> None:
    result = run(cli, tmp_path, president_mail__id_expiry="2026-12-05")  # the day after
    assert result.code == 0, result.err
    assert "pièce d'identité" not in result.err


# --- the certificate's expiry (last step before activation: 15 October 2026) -----------------


def test_a_certificate_expiring_before_its_activation_states_the_exact_bound(
    cli: Runner, tmp_path: Path, state_file: Path
) -> None:
    """The bound named is the one enforced: the last step was done on 15 October, and a
    certificate just activated on 20 October cannot have expired, or expire the next day."""
    answers = {k: v for k, v in example_answers().items() if k != "activation.date"}

    def expiry(day: str) -> Result:
        changed = answers | {"activation.cert_expiry": day}
        path = write_answers(tmp_path / "a.json", changed)
        return cli("start", "--answers", str(path), today=TODAY)

    for refused in ("2026-10-15", "2026-10-16", "2026-10-20", "2026-10-21"):
        result = expiry(refused)
        assert result.code == 2
        assert "« activation.cert_expiry »" in result.err
        assert "la date d'expiration est le 22 octobre 2026 au plus tôt" in words(result)
        assert "activation.cert_expiry" not in recorded(state_file)
    # the day named as the first allowed one is accepted (the run then waits for the date)
    later = expiry("2026-10-22")
    assert "au plus tôt" not in later.err
    assert recorded(state_file)["activation.cert_expiry"] == "2026-10-22"
    # once the activation date is known, the bound is two days after it, and says so
    activated = cli(
        "start",
        "--answers",
        str(write_answers(tmp_path / "b.json", {"activation.date": "2026-10-21"})),
        today="2026-10-21",
    )
    assert activated.code == 2
    assert "soit le 23 octobre 2026 au plus tôt" in words(activated)


@pytest.mark.parametrize(
    ("expiry", "accepted"),
    [
        ("2026-10-20", False),  # the activation day itself
        ("2027-10-19", False),  # the day before one year
        ("2027-10-20", True),  # one year
        ("2029-10-20", True),  # the usual three years
        ("2030-10-20", True),  # four years
        ("2030-10-21", False),  # the day after four years
        ("2092-10-20", False),
    ],
)
def test_a_certificate_lasts_1_to_4_years_from_a_file(
    cli: Runner, tmp_path: Path, state_file: Path, expiry: str, accepted: bool
) -> None:
    """Judged on the activation date given in the file (20 October 2026), not on today."""
    result = cli(
        "start",
        "--answers",
        str(
            write_answers(
                tmp_path / "a.json", example_answers() | {"activation.cert_expiry": expiry}
            )
        ),
        today="2026-11-26",
    )
    if accepted:
        assert result.code == 0, result.err
        assert recorded(state_file)["activation.cert_expiry"] == expiry
        assert recorded(state_file)["activation.date"] == "2026-10-20"
        return
    assert result.code == 2
    assert "activation.date" not in recorded(state_file)  # the step is not done
    if expiry != "2026-10-20":
        assert "« activation.date »" in result.err
        assert "entre le 20 octobre 2027 et le 20 octobre 2030" in words(result)
