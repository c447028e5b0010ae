#!/usr/bin/env bash
# Regenerate examples/dossier/ (the dossier made from examples/answers-complete.json) and the
# README's picture docs/lettre-president.png. The date is pinned, so the output is the same
# on every run; tests/test_examples.py fails when the committed files are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${OPALEXE_CERT_BIN:-.venv/bin/opalexe-cert}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPALEXE_CERT_TODAY=2026-10-20 OPALEXE_CERT_OFFLINE=1
"$bin" --state "$work/state.json" start --answers examples/answers-complete.json --no-input >/dev/null
rm -rf examples/dossier
"$bin" --state "$work/state.json" print-dossier --no-input --output examples/dossier >/dev/null
if command -v pdftoppm >/dev/null; then
    pdftoppm -r 80 -png -singlefile examples/dossier/lettre-president.pdf docs/lettre-president
else
    echo "pdftoppm (poppler-utils) is missing: docs/lettre-president.png not updated" >&2
fi
ls examples/dossier
