"""The one file writer (state, calendar, PDFs): atomic, owner-only, never through a planted path."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from opalexe_cert.adapters import atomic
from opalexe_cert.domain.errors import FileTooLargeError, NotRegularFileError, os_reason


def test_write_is_private_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_planted_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    link = tmp_path / "out.ics"
    link.symlink_to(victim)
    atomic.write_bytes(link, b"calendar")
    assert victim.read_bytes() == b"precious"
    assert not link.is_symlink() and link.read_bytes() == b"calendar"


def test_temporary_names_are_unpredictable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(src: str, dst: Path) -> None:
        seen.append(Path(src).name)
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    atomic.write_bytes(tmp_path / "a.pdf", b"1")
    atomic.write_bytes(tmp_path / "a.pdf", b"2")
    assert len(set(seen)) == 2
    assert all(name.startswith(".a.pdf.") and name.endswith(".tmp") for name in seen)
    assert ".a.pdf.tmp" not in seen


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifo_and_folder_are_refused_as_targets(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError) as info:
        atomic.write_bytes(fifo, b"x")
    assert "pas un fichier ordinaire" in os_reason(info.value)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    with pytest.raises(IsADirectoryError):
        atomic.write_bytes(tmp_path, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_windows_without_fchmod_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "fchmod")
    atomic.write_bytes(tmp_path / "w.ics", b"x")
    assert (tmp_path / "w.ics").read_bytes() == b"x"


def test_remove_stale_removes_only_our_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    ours = [tmp_path / ".state.json.ab_cd123.tmp", tmp_path / ".state.json.zz99zz99.tmp"]
    others = [tmp_path / ".other.json.ab_cd123.tmp", tmp_path / ".state.json.tmp", target]
    for path in ours + others:
        path.write_text("x")
    assert sorted(atomic.remove_stale(target)) == sorted(ours)
    assert sorted(tmp_path.iterdir()) == sorted(others)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_read_refuses_fifo_device_and_large_files(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError):
        atomic.read_bytes(fifo)  # would block forever if opened for reading without O_NONBLOCK
    with pytest.raises(NotRegularFileError):
        atomic.read_bytes(Path("/dev/zero"))
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 101)
    with pytest.raises(FileTooLargeError) as info:
        atomic.read_bytes(big, limit=100)
    assert "trop volumineux" in os_reason(info.value)
    assert atomic.read_bytes(big, limit=101) == b" " * 101
    with pytest.raises(IsADirectoryError):
        atomic.read_bytes(tmp_path)
