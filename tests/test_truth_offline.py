"""Why SIRENE was not asked, said as it is: the --offline option, the OPALEXE_CERT_OFFLINE
setting or a service that does not answer; « sans --offline » only when the option was given."""

from __future__ import annotations

from pathlib import Path

from test_start_sirene import TYPED, until_siren

from conftest import Runner, write_answers
from sirene_server import PERSON_ACTIVE, SERVER_ERROR, SireneServer


def _said(text: str) -> str:
    return " ".join(text.split())


def test_the_option_is_named_only_when_given(cli: Runner, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.json", until_siren(PERSON_ACTIVE, **TYPED))
    said = _said(cli("start", "--answers", str(path), "--offline").err)
    assert "L'option --offline coupant l'accès au réseau".lower() in said.lower()
    assert "relancez « opalexe-cert start » sans l'option --offline" in said


def test_the_setting_is_named_when_it_is_the_cause(cli: Runner, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.json", until_siren(PERSON_ACTIVE, **TYPED))
    said = _said(cli("start", "--answers", str(path), env={"OPALEXE_CERT_OFFLINE": "1"}).err)
    assert "le réglage OPALEXE_CERT_OFFLINE coupant l'accès au réseau" in said
    assert "retirez le réglage OPALEXE_CERT_OFFLINE" in said
    assert "--offline" not in said


def test_a_failing_service_is_named_and_no_option_is_mentioned(
    cli: Runner, tmp_path: Path, sirene_server: SireneServer
) -> None:
    path = write_answers(tmp_path / "a.json", until_siren(SERVER_ERROR, **TYPED))
    env = sirene_server.env() | {"OPALEXE_CERT_OFFLINE": "0"}
    said = _said(cli("start", "--answers", str(path), env=env).err)
    assert "La base SIRENE ne répondant pas" in said
    assert "quand elle répondra" in said
    assert "--offline" not in said


def test_a_service_error_is_one_colon_per_sentence(
    cli: Runner, tmp_path: Path, sirene_server: SireneServer
) -> None:
    import re

    path = write_answers(tmp_path / "a.json", until_siren(SERVER_ERROR, **TYPED))
    env = sirene_server.env() | {"OPALEXE_CERT_OFFLINE": "0"}
    said = _said(cli("start", "--answers", str(path), env=env).err)
    assert said.startswith("Attention : la base SIRENE n'a pas pu être consultée. ")
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«])", said):
        if "://" not in sentence:
            assert sentence.count(" : ") <= 1, sentence
