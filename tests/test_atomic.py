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


def test_write_many_writes_each_file_privately_and_syncs_every_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    (tmp_path / "a.pdf").write_bytes(b"old")
    files = {tmp_path / f"{name}.pdf": name.encode() * 1000 for name in "abc"}
    atomic.write_many(files)
    assert {p: p.read_bytes() for p in files} == files
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf", "c.pdf"]
    assert len(synced) == 3 + 1  # each file, then the folder once


def test_write_many_fails_whole_before_renaming_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"old")
    (tmp_path / "b.pdf").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic.write_many({tmp_path / "a.pdf": b"new", tmp_path / "b.pdf": b"new"})
    assert (tmp_path / "a.pdf").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]


def test_write_many_stopped_by_a_sync_error_leaves_every_target_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    (tmp_path / "a.pdf").write_bytes(b"old")
    with pytest.raises(OSError, match="No space"):
        atomic.write_many({tmp_path / "a.pdf": b"new", tmp_path / "b.pdf": b"new"})
    assert [(p.name, p.read_bytes()) for p in tmp_path.iterdir()] == [("a.pdf", b"old")]


def test_the_dossier_writer_puts_back_what_a_failed_rename_had_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opalexe_cert.adapters.documents.dossier import write_files
    from opalexe_cert.domain.errors import InputError

    real = os.replace
    calls: list[str] = []

    def third_fails(src: str, dst: Path) -> None:
        calls.append(src)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real(src, dst)

    before = {"a.pdf": b"old a", "b.pdf": b"old b"}
    for name, data in before.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(InputError, match="Aucun fichier n'a été écrit"):
        write_files(tmp_path, {tmp_path / n: b"new" for n in ("a.pdf", "b.pdf", "c.pdf")})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
