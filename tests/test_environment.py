"""The Environment: every setting read once, at start-up, checked in French.

Each bad setting goes through the real command line (in-process): a French message naming the
variable, exit status 2, no traceback, no English, never a secret; and nothing but
``cli/environment.py`` reads ``os.environ``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from opalexe_cert.cli.environment import PARIS, build

from conftest import Runner

SRC = Path(__file__).resolve().parent.parent / "src" / "opalexe_cert"
ENGLISH = re.compile(r"\b(Error|Invalid|invalid|value|must|Usage|Traceback)\b")

BAD_SETTINGS = {
    "unclosed IPv6 address": ("OPALEXE_CERT_RECHERCHE_URL", "http://[::1"),
    "port not a number": ("OPALEXE_CERT_RECHERCHE_URL", "http://127.0.0.1:port/"),
    "port out of range": ("OPALEXE_CERT_INSEE_URL", "https://h:99999/"),
    "not a web address": ("OPALEXE_CERT_RECHERCHE_URL", "recherche.example"),
    "escape in a URL": ("OPALEXE_CERT_RECHERCHE_URL", "http://h/\x1b[31m"),
    "timeout nan": ("OPALEXE_CERT_SIRENE_TIMEOUT", "nan"),
    "timeout inf": ("OPALEXE_CERT_SIRENE_TIMEOUT", "inf"),
    "timeout 1e400": ("OPALEXE_CERT_SIRENE_TIMEOUT", "1e400"),
    "timeout zero": ("OPALEXE_CERT_SIRENE_TIMEOUT", "0"),
    "timeout a word": ("OPALEXE_CERT_SIRENE_TIMEOUT", "vite"),
    "backoff negative": ("OPALEXE_CERT_SIRENE_BACKOFF", "-1"),
    "deadline nan": ("OPALEXE_CERT_SIRENE_DEADLINE", "nan"),
    "offline maybe": ("OPALEXE_CERT_OFFLINE", "maybe"),
    "debug maybe": ("OPALEXE_CERT_DEBUG", "peut-être"),
    "unknown source": ("OPALEXE_CERT_SIRENE_SOURCE", "pappers"),
    "today not a date": ("OPALEXE_CERT_TODAY", "hier"),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
@pytest.mark.parametrize("args", [["status"], ["start", "--no-input"], ["--help"]])
def test_a_bad_setting_is_refused_at_start_up_in_french(
    cli: Runner, state_file: Path, case: str, args: list[str]
) -> None:
    name, value = BAD_SETTINGS[case]
    done = cli(*args, env={name: value})
    assert done.code == 2, done.text
    assert done.out == ""
    assert done.err.startswith(("Erreur : la variable " + name, "Erreur — la variable " + name))
    assert not ENGLISH.search(done.err), done.err
    assert "\x1b" not in done.err
    assert not state_file.exists()  # refused before any command ran


def test_a_non_ascii_insee_key_is_refused_and_never_shown(cli: Runner) -> None:
    done = cli("status", env={"OPALEXE_CERT_INSEE_API_KEY": "clé-secrète-été"})
    assert done.code == 2
    assert "OPALEXE_CERT_INSEE_API_KEY" in done.err
    assert "secrète" not in done.err and "clé-" not in done.err


def test_credentials_in_a_bad_url_are_never_printed(cli: Runner) -> None:
    done = cli("status", env={"OPALEXE_CERT_RECHERCHE_URL": "http://user:s3cr3t@[::1"})
    assert done.code == 2
    assert "s3cr3t" not in done.text and "user:" not in done.text
    assert "***@" in done.err


@pytest.mark.parametrize(
    ("value", "offline"), [("1", True), ("oui", True), ("0", False), ("", False)]
)
def test_offline_takes_yes_and_no_in_both_languages(value: str, offline: bool) -> None:
    assert build({"OPALEXE_CERT_OFFLINE": value}).offline is offline


def test_the_settings_reach_the_sirene_client_as_a_value() -> None:
    env = build(
        {
            "OPALEXE_CERT_SIRENE_SOURCE": "INSEE",
            "OPALEXE_CERT_INSEE_URL": "https://api.example/3.11",
            "OPALEXE_CERT_INSEE_API_KEY": "abc-123",
            "OPALEXE_CERT_SIRENE_TIMEOUT": "2,5",
            "OPALEXE_CERT_SIRENE_DEADLINE": "4",
        }
    )
    settings = env.sirene
    assert (settings.source, settings.insee_url, settings.insee_key) == (
        "insee",
        "https://api.example/3.11",
        "abc-123",
    )
    assert (settings.timeout, settings.deadline, settings.retry_after_cap) == (2.5, 4.0, 4.0)


def test_today_is_paris_time_unless_pinned() -> None:
    late_utc = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)  # already 2027 in Paris
    assert build({}, now=late_utc).today == dt.date(2027, 1, 1)
    pinned = build({"OPALEXE_CERT_TODAY": "2026-11-02"}, now=late_utc)
    assert pinned.today == dt.date(2026, 11, 2)
    assert pinned.now == dt.datetime(2026, 11, 2, 12, tzinfo=PARIS)


def test_state_path_from_the_option_the_variable_or_the_default(tmp_path: Path) -> None:
    from_variable = build({"OPALEXE_CERT_STATE": str(tmp_path / "v.json")})
    assert from_variable.state_path == tmp_path / "v.json"
    assert from_variable.with_state(tmp_path / "o.json").state_path == tmp_path / "o.json"
    assert build({}).state_path.name == "state.json"


def test_the_pkcs11_module_and_the_streams_are_carried(tmp_path: Path) -> None:
    out = io.StringIO()
    env = build({"OPALEXE_CERT_PKCS11_MODULE": "/usr/lib/x.so"}, stdout=out)
    assert env.pkcs11_module == Path("/usr/lib/x.so")
    env.out.info("bonjour")
    assert out.getvalue() == "bonjour\n"


def test_nothing_but_the_environment_builder_reads_os_environ() -> None:
    """One place reads the environment; ``main`` hands it ``os.environ``."""
    readers = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))
    }
    assert readers == {"cli/environment.py", "cli/app.py"}
    app = (SRC / "cli" / "app.py").read_text(encoding="utf-8")
    assert app.count("os.environ") == 2  # setdefault(PYDANTIC_DISABLE_PLUGINS), execute(...)
