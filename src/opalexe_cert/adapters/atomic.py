"""Reading and writing the files we own, safely: whole or not at all, private, bounded.

``write_bytes(path, data)`` is the one writer for every file opalexe-cert produces (the state,
the calendar export, the PDFs). It gives these guarantees:

- **Atomic**: the data goes to a temporary file created in the target folder with a unique,
  unpredictable name (``tempfile.mkstemp``: ``O_CREAT | O_EXCL``, and ``O_NOFOLLOW`` where the
  system has it, so a planted file or symlink is never opened), is ``fsync``-ed, then
  ``os.replace``-d over ``path``; the folder is ``fsync``-ed too (best effort). A crash leaves
  either the old file or the new one, never half of each.
- **Private**: the file is readable and writable by its owner only (``0o600`` unless told
  otherwise). The mode is set on the open descriptor before any byte is written; on systems
  without ``fchmod`` (Windows) it falls back to ``chmod``, whose failure is ignored.
- **Never through a planted path**: an existing ``path`` that is not a regular file (a folder,
  a FIFO, a device such as ``/dev/null``) is refused with ``NotRegularFileError``. A symlink
  at ``path`` is replaced, not followed: a caller that wants to write through a link (the state
  file kept in a synced folder) resolves it first (``Path.resolve()``).
- **Errors**: every failure is an ``OSError`` (use ``domain.errors.os_reason`` for French); the
  temporary file is removed.

``write_many(files)`` writes several files so, faster: all are written, then ``fsync``-ed at
the same time (the system commits them together), then renamed, each folder ``fsync``-ed once.

``remove_stale(path)`` removes the temporary files a killed writer left next to ``path``; call
it only while holding a lock that excludes every other writer of ``path``.

``read_bytes(path, limit=...)`` reads a file we are asked to trust only so far: a regular file
(a FIFO is refused instead of blocking forever, ``/dev/zero`` instead of filling memory) of at
most ``limit`` bytes (``FileTooLargeError`` beyond).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from opalexe_cert.domain.errors import FileTooLargeError, NotRegularFileError

DEFAULT_READ_LIMIT = 4 * 1024 * 1024
"""What ``read_bytes`` accepts by default: a state or an answers file is a few kilobytes."""

_TMP_SUFFIX = ".tmp"


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}."


def check_regular(path: Path) -> bool:
    """Whether ``path`` exists; raise ``NotRegularFileError`` if it exists but is no file.

    A symlink counts as replaceable (``os.replace`` replaces the link, not its target).
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):
        return True
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    raise NotRegularFileError(path)


def write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically, owner-only; raises ``OSError``.

    Nothing is left behind on failure. ``path.parent`` must exist.
    """
    check_regular(path)
    fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(path), suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        _restrict(fd, tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_many(files: Mapping[Path, bytes], *, mode: int = 0o600) -> None:
    """``write_bytes`` for each of ``files`` (path -> data), with the same guarantees, in a
    fraction of the time: every temporary file is written first, all are ``fsync``-ed at once
    (one commit of the file system instead of one per file), then each replaces its target,
    and each folder is ``fsync``-ed once (eight PDFs: 9 waits for the disk instead of 16).

    A failure before the renames leaves every target as it was; one during the renames (rare:
    the data is already on disk) leaves the targets renamed so far replaced. Either way it is
    an ``OSError`` and no temporary file is left; a caller that wants all or nothing puts the
    replaced ones back (``documents.dossier.write_files`` does).
    """
    for path in files:
        check_regular(path)
    temporaries: list[tuple[Path, str]] = []
    open_fds: list[int] = []
    renamed = 0
    try:
        for path, data in files.items():
            fd, tmp = tempfile.mkstemp(
                prefix=_tmp_prefix(path), suffix=_TMP_SUFFIX, dir=path.parent
            )
            open_fds.append(fd)
            temporaries.append((path, tmp))
            _restrict(fd, tmp, mode)
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
        _fsync_together(open_fds)
        while open_fds:
            os.close(open_fds.pop())
        for path, tmp in temporaries:
            os.replace(tmp, path)
            renamed += 1
    except BaseException:
        for fd in open_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        for _, tmp in temporaries[renamed:]:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    for directory in dict.fromkeys(path.parent for path in files):
        _fsync_dir(directory)


def _fsync_together(fds: list[int]) -> None:
    """``fsync`` each of ``fds``, all at the same time (one thread each); the first error."""
    errors: list[OSError] = []

    def sync(fd: int) -> None:
        try:
            os.fsync(fd)
        except OSError as error:
            errors.append(error)

    threads = [threading.Thread(target=sync, args=(fd,), daemon=True) for fd in fds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _restrict(fd: int, tmp: str, mode: int) -> None:
    """Set the file's mode before it holds any data (``fchmod`` is POSIX only)."""
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        fchmod(fd, mode)
        return
    with contextlib.suppress(OSError):  # Windows: only the read-only flag exists
        os.chmod(tmp, mode)


def remove_stale(path: Path) -> list[Path]:
    """Remove the temporary files ``write_bytes`` left next to ``path`` (a killed writer).

    Only regular files named as ours (``.<name>.XXXXXXXX.tmp``) and owned by the current user
    are removed. The caller must hold a lock that excludes every other writer of ``path``.
    Returns what was removed; errors are ignored (it is housekeeping).
    """
    pattern = re.compile(re.escape(_tmp_prefix(path)) + r"[A-Za-z0-9_]{8}" + re.escape(_TMP_SUFFIX))
    getuid = getattr(os, "getuid", None)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            if getuid is not None and info.st_uid != getuid():
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def read_bytes(path: Path, *, limit: int = DEFAULT_READ_LIMIT) -> bytes:
    """The content of the regular file ``path``, at most ``limit`` bytes; raises ``OSError``.

    Opened without blocking (a FIFO would wait for a writer forever) and checked to be a
    regular file before anything is read; ``FileTooLargeError`` when it is longer than
    ``limit``, ``NotRegularFileError`` for a FIFO or a device, ``IsADirectoryError`` for a
    folder, ``FileNotFoundError`` when it does not exist.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path)
        if info.st_size > limit:
            raise FileTooLargeError(path, limit)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1024 * 1024, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while we read it
                raise FileTooLargeError(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (not possible on every platform, hence best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
