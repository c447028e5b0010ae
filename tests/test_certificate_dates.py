"""A certificate whose dates no later arithmetic can take (``9999-12-31``, RFC 5280's "no
expiry"): refused in French by ``certificate --record``, never an OverflowError."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from certs import Authority, plain
from conftest import Runner, example_answers, write_answers


def test_a_certificate_valid_until_9999_is_refused(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers()
    del answers["activation.cert_expiry"], answers["activation.date"]
    assert cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers))).code == 2
    issued = Authority().issue(not_after=dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC))
    done = cli("certificate", "--file", str(issued.write_pem(tmp_path / "c.pem")), "--record")
    assert "inattendue" not in done.text, done.text
    assert done.code != 0 and "pas plausibles" in plain(done.err), done.text
    assert "Rien n'a été enregistré" in plain(done.text)
