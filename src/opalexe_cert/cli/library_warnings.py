"""The libraries' warnings (English, with a source path) never reach the user as they are.

During a run every warning is taken over: one the expert should know about is said once, in
French, on standard error; any other is kept quiet, or shown as a technical detail with
``OPALEXE_CERT_DEBUG``. Importing this module is cheap (standard library only).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from opalexe_cert.cli.output import Output

# (what the library says, what it means for the expert)
_KNOWN: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        # cryptography, reading a certificate whose name is longer than X.509 allows
        # (it counts bytes of UTF-8, not characters: the length it gives is not repeated)
        re.compile(r"Attribute's length must be >= 1 and <= (\d+), but it was \d+"),
        lambda m: (
            f"le certificat porte un nom plus long que les {m[1]} caractères que permet la "
            "norme X.509. Il est lu tel quel, mais d'autres logiciels pourraient le refuser."
        ),
    ),
]


def french(message: str) -> str | None:
    """What a library's warning means for the expert, in French; ``None`` when it is not
    theirs to act on."""
    for pattern, meaning in _KNOWN:
        found = pattern.search(message)
        if found is not None:
            return meaning(found)
    return None


@contextmanager
def captured(out: Output, *, debug: bool = False) -> Iterator[None]:
    """Take over the warnings raised while the block runs (see the module's docstring)."""
    said: set[str] = set()

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = french(str(message))
        if text is None:
            if debug:
                out.warn(f"détail technique (OPALEXE_CERT_DEBUG) : {category.__name__}, {message}")
            return
        if text not in said:
            said.add(text)
            out.warn(text)

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield
