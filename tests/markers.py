"""Classify the tests, so that nobody has to remember to: ``slow`` and ``posix``.

Loaded by ``conftest.py`` (``pytest_plugins``). ``pytest -m "not slow"`` is the developers'
quick loop; the whole suite stays the CI gate.

- ``slow``, by reading the source of each test, of the fixtures it uses and of the helpers
  its module can call: the test starts a process (the console script, a pseudo-terminal, a
  ``subprocess``), waits on purpose (a sleep, a short time-out, a back-off delay), reads a
  PDF back (pdfplumber, pypdf), or is a Hypothesis property. A fixture or helper that stops
  starting processes (the in-process runner) makes its tests fast again without any edit.
- ``slow``, by measure: every run records how long each test took (setup, call and
  teardown) in pytest's cache; a test that took more than ``SLOW_SECONDS`` last time it ran
  on this machine leaves the quick loop. A fresh clone has no record: its first quick loop
  runs every test that the source rules leave, and is slower.
- ``posix``: the test drives a pseudo-terminal (pexpect), checks a file's mode bits, makes a
  symlink or a FIFO, or compares user ids: none of these exists (or means the same) on
  Windows, where the test is skipped. Anything else POSIX-only says so with
  ``@pytest.mark.posix``.

An explicit ``@pytest.mark.slow`` or ``@pytest.mark.posix`` is always honoured. The marks are
set only when the run reads them (``-m``, ``-k``, or Windows): the whole suite on Linux runs
every test and needs none.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

_SPAWNS = re.compile(r"\bsubprocess\.|\bpexpect\.|\bPopen\(|\bos\.fork\(|\bprocess=True\b")
_READS_PDF = re.compile(r"\bpdfplumber\.|\bPdfReader\(")
_WAITS = re.compile(r"\btime\.sleep\(|\b(timeout|backoff|retry_after_cap)=\s*[\d.]")
_POSIX = re.compile(r"\bpexpect\.|\bS_IMODE\(|\.symlink_to\(|\bos\.mkfifo\(|\bos\.getuid\(")
TESTS = Path(__file__).resolve().parent
SLOW_SECONDS = 0.1
"""A test measured slower than this (on the last run on this machine) leaves the quick loop."""
_CACHE_KEY = "opalexe-cert/durations"
_measured: dict[str, float] = {}


@cache
def _source(obj: Callable[..., Any]) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def _ours(obj: object) -> bool:
    """Whether ``obj`` is defined in the tests folder (not pathlib, not the package)."""
    try:
        return _in_tests(inspect.getfile(obj))
    except TypeError:
        return False


@cache
def _in_tests(filename: str) -> bool:
    """Once per file: resolving a path for each of the 12,000 look-ups cost a second."""
    return Path(filename).resolve().parent == TESTS


def _helpers(module: types.ModuleType) -> dict[str, str]:
    """The functions and classes of the tests folder a test module can call, with their
    source."""
    found: dict[str, str] = {}
    for name, value in vars(module).items():
        if isinstance(value, type | types.FunctionType) and _ours(value):
            found[name] = _source(value)
    return found


def _calls(names: set[str] | frozenset[str]) -> re.Pattern[str] | None:
    """A pattern finding a call of any of ``names`` (``None`` when there is none)."""
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\(") if names else None


@cache
def _tainted(module: types.ModuleType, pattern: re.Pattern[str]) -> frozenset[str]:
    """Names of the module's helpers whose code matches ``pattern``, directly or by calling
    another such helper (the console-script runner, the ``Terminal`` class...)."""
    helpers = _helpers(module)
    tainted = {name for name, code in helpers.items() if pattern.search(code)}
    while True:
        called = _calls(tainted)
        more = {
            name
            for name, code in helpers.items()
            if name not in tainted and called is not None and called.search(code)
        }
        if not more:
            return frozenset(tainted)
        tainted |= more


def _matches(item: pytest.Function, pattern: re.Pattern[str]) -> bool:
    """Whether the test or one of its fixtures matches ``pattern``, or calls a helper that does."""
    codes = [_source(item.obj)]
    for defs in item._fixtureinfo.name2fixturedefs.values():
        codes.extend(_source(d.func) for d in defs if _ours(d.func))
    tainted = _tainted(item.module, pattern) if item.module is not None else frozenset()
    called = _calls(tainted)
    return any(pattern.search(c) or (called is not None and called.search(c)) for c in codes)


def marks_are_read(config: pytest.Config) -> bool:
    """Whether this run selects or skips by these marks: a ``-m`` or ``-k`` expression, or
    Windows (where ``posix`` skips). Otherwise reading every test's source is skipped: it
    cost about a second of collection on each of xdist's workers for nothing."""
    selects = config.getoption("markexpr", "") or config.getoption("keyword", "")
    return bool(selects) or sys.platform == "win32"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not marks_are_read(config):
        return
    recorded = recorded_durations(config)
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        posix = item.get_closest_marker("posix") is not None
        if not posix and _matches(item, _POSIX):
            item.add_marker(pytest.mark.posix)
            posix = True
        if item.get_closest_marker("slow") is None and (
            getattr(item.obj, "is_hypothesis_test", False)
            or _matches(item, _SPAWNS)
            or _matches(item, _WAITS)
            or _matches(item, _READS_PDF)
            or recorded.get(plain_nodeid(item.nodeid), 0.0) > SLOW_SECONDS
        ):
            item.add_marker(pytest.mark.slow)
        if posix and sys.platform == "win32":
            item.add_marker(
                pytest.mark.skip(reason="POSIX only (pseudo-terminal, file modes, symlinks)")
            )


def plain_nodeid(nodeid: str) -> str:
    """The test's id without the ``@group`` that ``--dist loadgroup`` appends (``balance.py``)."""
    return nodeid[: nodeid.rfind("@")] if nodeid.rfind("@") > nodeid.rfind("]") else nodeid


def recorded_durations(config: pytest.Config) -> dict[str, float]:
    """The durations recorded by earlier runs (none without the cache provider)."""
    cache_ = getattr(config, "cache", None)
    data = cache_.get(_CACHE_KEY, {}) if cache_ is not None else {}
    return data if isinstance(data, dict) else {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Sum each test's phases (also for the reports xdist's workers send to the controller)."""
    nodeid = plain_nodeid(report.nodeid)
    _measured[nodeid] = _measured.get(nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Record this run's durations over the earlier ones (xdist: the controller alone)."""
    config = session.config
    if hasattr(config, "workerinput") or getattr(config, "cache", None) is None or not _measured:
        return
    recorded = recorded_durations(config)
    recorded.update({nodeid: round(seconds, 3) for nodeid, seconds in _measured.items()})
    config.cache.set(_CACHE_KEY, recorded)
