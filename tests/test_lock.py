"""The state's lock (``adapters/lock.py``): one holder at a time, across runs and versions."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from opalexe_cert.adapters import lock
from opalexe_cert.adapters.lock import Busy, exclusive

HOLDER = """
import sys
from opalexe_cert.adapters.lock import exclusive
with exclusive(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes the pipe
"""


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    path = str(tmp_path / "state.json.lock")
    with exclusive(path), pytest.raises(Busy), exclusive(path):
        pass
    with exclusive(path):  # released: free again
        pass


def test_the_lock_file_is_the_owners_only(tmp_path: Path) -> None:
    path = tmp_path / "state.json.lock"
    with exclusive(str(path)):
        pass
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_another_process_holding_it_is_seen(tmp_path: Path) -> None:
    path = str(tmp_path / "state.json.lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(Busy), exclusive(path):
            pass
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    with exclusive(path):  # the holder ended: free again
        pass


def test_an_older_version_holding_it_with_filelock_is_seen(tmp_path: Path) -> None:
    """Versions before this one locked with ``filelock``: both exclude each other."""
    path = str(tmp_path / "state.json.lock")
    older = FileLock(path, timeout=0)
    older.acquire()
    try:
        with pytest.raises(Busy), exclusive(path):
            pass
    finally:
        older.release()
    with exclusive(path), pytest.raises(Timeout):  # and the other way round
        FileLock(path, timeout=0).acquire()


def test_a_file_system_without_locks_falls_back_on_filelock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(descriptor: int) -> None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))

    monkeypatch.setattr(lock, "_lock", unsupported)
    path = str(tmp_path / "state.json.lock")
    with exclusive(path), pytest.raises(Busy), exclusive(path):
        pass
    with exclusive(path):
        pass


def test_a_lock_file_that_cannot_be_made_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError), exclusive(str(tmp_path / "missing" / "state.json.lock")):
        pass
