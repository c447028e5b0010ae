"""``start``'s SIRENE look-up: its client is made at the first look-up (not before the first
question), except INSEE's, whose missing key is still said before anything is asked."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from opalexe_cert.adapters import sirene
from opalexe_cert.adapters.sirene_settings import SireneSettings
from opalexe_cert.cli.commands.start import sirene_lookup
from opalexe_cert.domain.identity import LegalUnit

from clirun import opalexe

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class Client:
    """A stand-in for a SIRENE client: counts what is made, asked and closed."""

    made: ClassVar[list[Client]] = []

    def __init__(self, settings: SireneSettings) -> None:
        self.settings = settings
        self.asked: list[str] = []
        self.closed = False
        Client.made.append(self)

    def lookup(self, siren: str) -> LegalUnit:
        self.asked.append(siren)
        return LegalUnit(siren=siren)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.closed = True


@pytest.fixture
def clients(monkeypatch: pytest.MonkeyPatch) -> list[Client]:
    Client.made = []
    monkeypatch.setattr(sirene, "client_for", Client)
    return Client.made


def test_the_default_client_is_made_at_the_first_look_up_and_closed_at_the_end(
    clients: list[Client],
) -> None:
    with sirene_lookup(SireneSettings()) as lookup:
        assert lookup is not None
        assert clients == []  # nothing made before a look-up
        assert lookup("123456782").siren == "123456782"
        lookup("987654321")
        assert len(clients) == 1 and clients[0].asked == ["123456782", "987654321"]
        assert not clients[0].closed
    assert clients[0].closed


def test_a_run_without_look_up_makes_no_client(clients: list[Client]) -> None:
    with sirene_lookup(SireneSettings()) as lookup:
        assert lookup is not None
    assert clients == []


def test_the_insee_client_is_made_at_once(clients: list[Client]) -> None:
    with sirene_lookup(SireneSettings(source="insee", insee_key="k")):
        assert len(clients) == 1 and clients[0].asked == []
    assert clients[0].closed


def test_offline_there_is_no_look_up(clients: list[Client]) -> None:
    with sirene_lookup(None) as lookup:
        assert lookup is None
    assert clients == []


def test_insee_without_a_key_is_refused_before_anything_is_recorded(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    result = opalexe(
        *("start", "--answers", str(EXAMPLES / "answers-complete.json"), "--no-input"),
        cwd=tmp_path,
        env={
            "OPALEXE_CERT_OFFLINE": "",
            "OPALEXE_CERT_SIRENE_SOURCE": "insee",
            "OPALEXE_CERT_STATE": str(state),
        },
    )
    assert result.code == 1
    assert "OPALEXE_CERT_INSEE_API_KEY" in result.err
    assert not state.exists()
