"""One writer at a time: an exclusive lock on a lock file, taken at once or refused.

The operating system's own lock, as ``filelock`` takes it (so that a run of an older version
and one of this version exclude each other): ``fcntl.flock`` on Unix, ``msvcrt.locking`` of
the first byte on Windows. The lock goes with the open file: it is released when the run
ends, even killed. A file system without such locks falls back on ``filelock`` itself, which
knows other ways; it is not imported otherwise (with ``asyncio`` and ``logging``, its import
took about a tenth of the time to the wizard's first question).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator

_BUSY = frozenset({errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK})
"""What the system answers when another run holds the lock (EACCES on some file systems)."""
_UNSUPPORTED = frozenset({errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOLCK})


class Busy(Exception):
    """Another run holds the lock."""


@contextlib.contextmanager
def exclusive(path: str) -> Iterator[None]:
    """Hold the lock of ``path`` (created, owner-only, if missing) for the ``with`` block.

    ``Busy`` when another run, or another ``exclusive`` of this process, holds it; an
    ``OSError`` when the file cannot be opened.
    """
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            _lock(descriptor)
        except OSError as exc:
            if exc.errno in _BUSY:
                raise Busy(path) from None
            if exc.errno not in _UNSUPPORTED:
                raise
            with _fallback(path):
                yield
            return
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


if sys.platform == "win32":  # pragma: no cover - run on Windows only
    import msvcrt

    def _lock(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


@contextlib.contextmanager
def _fallback(path: str) -> Iterator[None]:
    """``filelock`` where the system has no lock for this file (it then uses a marker file)."""
    from filelock import FileLock, Timeout

    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(path) from None
    try:
        yield
    finally:
        lock.release()
