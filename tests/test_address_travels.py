"""An address has one stored form, read and written in one place (``Address.stored``, through
``address.stored_lines``, and ``Address.text``, through ``address.stored_text``): no call site
splits or joins it by itself."""

from __future__ import annotations

import re
from pathlib import Path

from opalexe_cert.domain.address import Address, stored_lines, stored_text

SRC = Path(__file__).resolve().parents[1] / "src" / "opalexe_cert"
# A line of code that splits or joins on a line break and speaks of an address.
RESHAPED = re.compile(r"""(split\(\s*["']\\n["']\s*\)|["']\\n["']\.join).*""")


def test_the_stored_form_round_trips() -> None:
    address = Address.parse("12 rue des Lilas\n33000 bordeaux")
    assert stored_lines(address.text) == address.lines == ("12 rue des Lilas", "33000 BORDEAUX")
    assert stored_text(address.lines) == address.text
    assert stored_lines(" 1 rue X \n\n 33000 BORDEAUX ") == ("1 rue X", "33000 BORDEAUX")
    assert stored_lines(None) == ()


def test_no_address_is_split_or_joined_outside_address_py() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "address.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RESHAPED.search(line) and "addr" in line.lower():
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []
