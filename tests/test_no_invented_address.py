"""No CertEurope postal address from outside the guide or the user's documents: the examples
give an obviously illustrative one, the program none."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INVENTED = ("Faubourg Poissonni", "75010", "Service Experts")


def test_examples_readme_and_program_give_no_invented_certeurope_address() -> None:
    files = [ROOT / "README.md", *(ROOT / "examples").rglob("*.json")]
    files += [*(ROOT / "src").rglob("*.py")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for invented in INVENTED:
            assert invented not in text, f"{path.relative_to(ROOT)}: {invented}"


def test_the_example_address_says_it_is_an_illustration() -> None:
    answers = json.loads((ROOT / "examples" / "answers-complete.json").read_text("utf-8"))
    assert "Exemple" in answers["certeurope_mail.address"]
