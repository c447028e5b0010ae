"""No library warning reaches the user in English: what matters is said in French, once.

cryptography warns (``UserWarning``, with its source path) when it reads a certificate whose
common name is longer than the 64 characters X.509 allows; such certificates exist (names
written in full). ``certificate --file`` says it in French, on standard error, and nothing
of the library's text shows.
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from opalexe_cert.cli.library_warnings import captured, french
from opalexe_cert.cli.output import Output

from certs import NOT_AFTER, NOT_BEFORE, SIREN, Authority
from conftest import Runner

LONG_NAME = "Marie-Éloïse Anne-Sophie Hortense de la Tour d'Auvergne-Lauraguais DUPONT"


def long_named(tmp_path: Path) -> Path:
    """A CertEurope-like certificate whose CN is over 64 characters (written unchecked, as some
    authorities do)."""
    authority = Authority()
    key = ec.generate_private_key(ec.SECP256R1())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the warning under test is the one read back
        long_cn = x509.NameAttribute(NameOID.COMMON_NAME, LONG_NAME, _validate=False)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"0002 {SIREN}"),
            long_cn,
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(authority.name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .sign(authority.key, hashes.SHA256())
    )
    path = tmp_path / "long.pem"
    path.write_bytes(certificate.public_bytes(Encoding.PEM))
    return path


@pytest.mark.parametrize("json_output", [False, True])
def test_a_name_over_64_characters_is_said_in_french(
    cli: Runner, tmp_path: Path, json_output: bool
) -> None:
    args = ["certificate", "--file", str(long_named(tmp_path)), "--no-input"]
    result = cli(*args, *(["--json"] if json_output else []))
    assert result.code in (0, 1), result.text
    assert "UserWarning" not in result.text and ".py:" not in result.text, result.err
    assert "Attribute's length" not in result.text
    said = "le certificat porte un nom plus long que les 64 caractères que permet la norme X.509"
    assert result.err.count(said) == 1, result.err
    if json_output:
        assert json.loads(result.out)  # the JSON on standard output is untouched


def test_a_warning_nobody_can_act_on_is_quiet_and_a_detail_in_debug() -> None:
    assert french("something deprecated") is None
    for debug, shown in ((False, ""), (True, "détail technique")):
        out_stream, err_stream = io.StringIO(), io.StringIO()
        with captured(Output(out_stream, err_stream), debug=debug):
            warnings.warn("something deprecated", UserWarning, stacklevel=1)
        assert out_stream.getvalue() == ""
        assert shown in err_stream.getvalue() if shown else err_stream.getvalue() == ""
