"""Spread the suite over pytest-xdist's workers (``./scripts/test`` runs ``--dist loadgroup``).

Loaded by ``conftest.py`` (``pytest_plugins``); without xdist it only orders the tests.

- Tests that share a module-scoped fixture (a generated dossier, a SoftHSM token, a state made
  by a process) are put in one ``xdist_group``: the fixture is made once, on one worker,
  instead of once on each. A parametrized one (the dossier matrix) is grouped by parameter,
  so that its cases still go to both workers.
- The test files run longest first, by the durations ``markers.py`` recorded on this machine
  (a file without record keeps its place after them): the pseudo-terminal wizard no longer
  starts last and leaves one worker running alone at the end. Inside a file the order stays.
  Every worker reads the same record, so all collect the same order, as xdist requires.
"""

from __future__ import annotations

import pytest

from markers import recorded_durations


def _shared_fixture_group(item: pytest.Function) -> str | None:
    """The group of the tests using the same module-scoped fixture of the test's module."""
    callspec = getattr(item, "callspec", None)
    for name in item.fixturenames:
        defs = item._fixtureinfo.name2fixturedefs.get(name)
        if not defs or defs[-1].scope != "module":
            continue
        group = item.nodeid.split("::", 1)[0]
        if callspec is not None and name in callspec.indices:
            group += f"-{name}{callspec.indices[name]}"
        return group
    return None


def _file(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if isinstance(item, pytest.Function) and item.get_closest_marker("xdist_group") is None:
            group = _shared_fixture_group(item)
            if group is not None:
                item.add_marker(pytest.mark.xdist_group(group))
    seconds: dict[str, float] = {}
    for nodeid, duration in recorded_durations(config).items():
        seconds[nodeid.split("::", 1)[0]] = seconds.get(nodeid.split("::", 1)[0], 0.0) + duration
    items.sort(key=lambda item: -seconds.get(_file(item), 0.0))  # stable: a file stays whole
