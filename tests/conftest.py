"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sirene_server import SireneServer


@pytest.fixture
def sirene_server() -> Iterator[SireneServer]:
    """The local SIRENE services (see ``sirene_server.py`` and ``fixtures/sirene/README.md``)."""
    with SireneServer() as server:
        yield server
