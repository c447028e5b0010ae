#!/usr/bin/env bash
# The wheel is what users get, so CI tests it: build the sdist and the wheel (the wheel from
# the sdist, so both are checked), install the wheel in a fresh virtual environment (not the
# editable one), and drive a complete procedure with it from a folder outside the clone;
# then install it with pipx, as the README tells experts to. Any package data left out of
# the wheel (fonts, JSON tables, translations) fails here, loudly.
# Usage: scripts/check-wheel.sh (after scripts/ensure-venv.sh dev; .ci/run calls it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="$root/.venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say() { echo "check-wheel: $*"; }
fail() {
    echo "check-wheel: FAILED: $*" >&2
    exit 1
}

say "building the sdist and the wheel"
# From a copy of the project's files only: a stale src/*.egg-info or build/ in the clone
# would hide a file missing from the package data.
mkdir "$work/src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$work/src")
"$py" -m build --outdir "$work/dist" "$work/src" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; fail "python -m build"; }
wheels=("$work"/dist/*.whl)
sdists=("$work"/dist/*.tar.gz)
[ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || fail "expected one wheel in dist/"
[ "${#sdists[@]}" -eq 1 ] && [ -f "${sdists[0]}" ] || fail "expected one sdist in dist/"
wheel="${wheels[0]}"

say "every file of src/opalexe_cert is in the wheel and in the sdist"
(cd "$work/src" && find src/opalexe_cert -type f) >"$work/tracked"
"$py" - "$wheel" "${sdists[0]}" "$work/tracked" <<'PY' || fail "package data left out"
import sys, tarfile, zipfile
wheel, sdist, tracked = sys.argv[1:]
files = [line.strip() for line in open(tracked, encoding="utf-8") if line.strip()]
in_wheel = set(zipfile.ZipFile(wheel).namelist())
with tarfile.open(sdist) as tar:
    in_sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
missing = [f"wheel: {f}" for f in files if f.removeprefix("src/") not in in_wheel]
missing += [f"sdist: {f}" for f in files if f not in in_sdist]
if not files or missing:
    sys.exit("missing from the built distributions:\n  " + "\n  ".join(missing or ["(nothing tracked?)"]))
PY

say "installing the wheel in a fresh virtual environment"
"$py" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel" >"$work/pip.log" 2>&1 ||
    { cat "$work/pip.log" >&2; fail "pip install of the wheel"; }
app="$work/venv/bin/opalexe-cert"
mkdir "$work/run"
cd "$work/run" # away from the clone: nothing can be imported from src/ by accident

# Our settings only: no variable of the caller's shell, a pinned day, no network.
unset PYTHONPATH NO_COLOR FORCE_COLOR
while IFS='=' read -r name _; do
    case "$name" in OPALEXE_CERT_*) unset "$name" ;; esac
done < <(env)
export OPALEXE_CERT_TODAY=2026-10-20 OPALEXE_CERT_OFFLINE=1 NO_COLOR=1
export OPALEXE_CERT_STATE="$work/run/state.json"

location="$("$work/venv/bin/python" -c 'import opalexe_cert; print(opalexe_cert.__file__)')"
case "$location" in "$work/venv/"*) ;; *) fail "opalexe_cert imported from $location" ;; esac

run() { # run opalexe-cert ARGS; show what it printed if it fails or prints a traceback
    local code=0
    "$app" "$@" >"$work/out" 2>"$work/err" </dev/null || code=$?
    if [ "$code" -ne 0 ] || grep -qE "Traceback|Erreur inattendue" "$work/out" "$work/err"; then
        cat "$work/out" "$work/err" >&2
        fail "opalexe-cert $* (exit $code)"
    fi
}

version="$(basename "$wheel" | cut -d- -f2)"
say "--version, --help"
run --version
grep -qF "$version" "$work/out" || fail "--version does not say $version: $(cat "$work/out")"
run --help
grep -q "start" "$work/out" || fail "--help does not list start"

say "start --answers examples/answers-complete.json (a whole procedure)"
cp "$root/examples/answers-complete.json" "$work/run/answers.json"
run start --answers answers.json --no-input

say "status --json: the procedure is complete"
run status --json
"$work/venv/bin/python" - "$work/out" <<'PY' || fail "status --json"
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
assert report["current_step"] is None, report["current_step"]
assert report["steps"] and all(s["state"] == "done" for s in report["steps"]), report["steps"]
assert report["holder"]["surname"], report["holder"]
PY
run status

say "print-dossier: every PDF of the dossier"
run print-dossier --output "$work/run/dossier" --no-input
for pdf in "$root"/examples/dossier/*.pdf; do
    made="$work/run/dossier/$(basename "$pdf")"
    [ -s "$made" ] && [ "$(head -c 5 "$made")" = "%PDF-" ] || fail "print-dossier did not write $(basename "$pdf")"
done

say "calendar"
run calendar --output "$work/run/echeances.ics"
grep -q "BEGIN:VEVENT" "$work/run/echeances.ics" || fail "calendar wrote no event"

extra=""
"$py" - "$wheel" <<'PY' && extra="[carte]"
import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
sys.exit("Provides-Extra: carte" not in wheel.read(metadata).decode().splitlines())
PY
say "pipx install of the wheel$extra"
"$py" -m venv "$work/pipx-venv"
"$work/pipx-venv/bin/python" -m pip install --quiet pipx >"$work/pip.log" 2>&1 ||
    { cat "$work/pip.log" >&2; fail "pip install pipx (needs a package index)"; }
export PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin" PIPX_MAN_DIR="$work/pipx-man"
"$work/pipx-venv/bin/pipx" install --quiet "$wheel$extra" >"$work/pip.log" 2>&1 ||
    { cat "$work/pip.log" >&2; fail "pipx install $(basename "$wheel")$extra"; }
app="$work/pipx-bin/opalexe-cert"
if [ -n "$extra" ]; then
    "$PIPX_HOME/venvs/opalexe-cert/bin/python" -c "import pkcs11" ||
        fail "pipx installed $extra without python-pkcs11"
fi
run --version
grep -qF "$version" "$work/out" || fail "pipx's opalexe-cert --version: $(cat "$work/out")"
run status

say "OK: $(basename "$wheel") and $(basename "${sdists[0]}")"
