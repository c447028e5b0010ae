"""``status --json`` and ``certificate --json`` against their JSON Schemas in ``docs/schemas/``.

Real outputs of the commands, at the moments that change their shape: nothing recorded, a
procedure half done, a deadline met, a certificate typed and one read from a file, a
renewal with its history, a certificate with problems. A schema that stops matching the
output fails here, and so does an output that loses a documented key.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from certs import Authority
from clirun import ROOT
from conftest import Runner, example_answers, write_answers

SCHEMAS = ROOT / "docs" / "schemas"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def valid(name: str, data: Any) -> None:
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def run_json(cli: Runner, *args: str, today: str | None = None) -> Any:
    done = cli(*args, "--json", **({"today": today} if today else {}))
    assert done.code in (0, 1), done.text
    return json.loads(done.out)


def answers_up_to(key: str) -> dict[str, Any]:
    answers = example_answers()
    keys = list(answers)
    return {k: answers[k] for k in keys[: keys.index(key)]}


@pytest.mark.parametrize(
    "given",
    [
        {},
        answers_up_to("siren.siren"),
        answers_up_to("president_mail.id_expiry"),  # deadlines met, one open
        example_answers(),  # complete: a certificate typed by hand
    ],
    ids=["nothing", "profile-done", "dossier-sent", "complete"],
)
def test_status_json_matches_its_schema(cli: Runner, tmp_path: Path, given: dict[str, Any]) -> None:
    if given:
        cli("start", "--answers", str(write_answers(tmp_path / "a.json", given)), "--no-input")
    valid("status", run_json(cli, "status"))


def test_status_json_of_a_renewal_and_a_certificate_read_matches_its_schema(
    cli: Runner, tmp_path: Path
) -> None:
    answers = example_answers()
    del answers["activation.cert_expiry"], answers["activation.date"]
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)), "--no-input")
    certificate = Authority().issue().write_der(tmp_path / "certificat.cer")
    assert cli("certificate", "--file", str(certificate), "--record", "--no-input").code == 0
    read = run_json(cli, "status")
    assert read["certificate"]["source"] == "file"
    valid("status", read)
    complete = write_answers(tmp_path / "b.json", example_answers())
    assert cli("start", "--answers", str(complete), "--no-input").code == 0
    assert cli("renew", "--force", today="2029-07-25").code == 0
    renewing = run_json(cli, "status", today="2029-07-25")
    assert renewing["history"]
    valid("status", renewing)


def test_certificate_json_matches_its_schema(cli: Runner, tmp_path: Path) -> None:
    authority = Authority()
    good = authority.issue().write_pem(tmp_path / "bon.pem", with_chain=True)
    valid("certificate", run_json(cli, "certificate", "--file", str(good), "--no-input"))
    stranger = Authority(organization="Autre AC", common_name="Autre AC")
    expired = stranger.issue(
        siren=None,
        not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
    )
    data = run_json(
        cli, "certificate", "--file", str(expired.write_der(tmp_path / "x.cer")), "--no-input"
    )
    assert data["problems"] and data["siren"] is None and data["days_left"] < 0
    valid("certificate", data)


def test_a_schema_refuses_an_output_that_lost_a_key_or_changed_a_type() -> None:
    status = validator("status")
    certificate = validator("certificate")
    assert not status.is_valid({"today": "2026-11-02"})
    reading = {
        "source": "file",
        "label": "x.cer",
        "subject": "CN=X",
        "issuer": "CN=Y",
        "holder_name": "X",
        "siren": "123456782",
        "not_before": "2026-10-20",
        "not_after": "2029-10-20",
        "days_left": 3,
        "ok": True,
        "problems": [],
        "notes": [],
        "recorded": False,
    }
    assert certificate.is_valid(reading)
    assert certificate.is_valid(reading | {"a_key_added_later": 1})  # keys may be added
    assert not certificate.is_valid(reading | {"siren": "12345678"})
    assert not certificate.is_valid(reading | {"not_after": "20/10/2029"})
    assert not certificate.is_valid({k: v for k, v in reading.items() if k != "ok"})
