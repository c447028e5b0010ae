#!/usr/bin/env bash
# Make sure .venv (at the repository's root) holds this project, installed in editable mode,
# with the extras named in $1 (e.g. "dev"). Creates .venv the first time; reinstalls when
# pyproject.toml changed since the last install; otherwise returns at once (no network).
# The messages are in French: the expert running scripts/opalexe-cert reads them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extras="${1:-}"
venv="$root/.venv"
stamp="$venv/.opalexe-cert-installed"

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11 python; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if ! python_ok "$venv/bin/python"; then
    if ! python="$(find_python)"; then
        echo "opalexe-cert a besoin de Python 3.11 ou plus récent, introuvable ici." \
            "Installez-le (voir « Installation » dans le README), puis relancez." >&2
        exit 1
    fi
    echo "Création de l’environnement Python dans $venv…" >&2
    rm -rf "$venv"
    if ! "$python" -m venv "$venv"; then
        rm -rf "$venv" # a half-made environment (no pip) would pass the check above next time
        echo "Impossible de créer l’environnement avec $python. Sous Debian ou Ubuntu," \
            "installez le module venv : sudo apt-get install python3-venv" >&2
        exit 1
    fi
fi

want="$(cd "$root" && "$venv/bin/python" -c \
    'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest(), sys.argv[1])' \
    "${extras:-base}")"
# Up to date when this pyproject.toml was installed with these extras (dev includes base).
if [ -x "$venv/bin/opalexe-cert" ] && [ -f "$stamp" ] && {
    grep -qxF "$want" "$stamp" ||
        { [ -z "$extras" ] && grep -q "^${want%% *} " "$stamp"; }
}; then
    exit 0
fi

target="$root"
[ -n "$extras" ] && target="$root[$extras]"
echo "Installation d’opalexe-cert${extras:+ (avec « $extras »)} dans $venv (une minute environ)…" >&2
if ! "$venv/bin/python" -m pip install --quiet --editable "$target"; then
    rm -f "$stamp"
    echo "L’installation a échoué (voir ci-dessus) ; vérifiez l’accès au réseau, puis relancez." >&2
    exit 1
fi
# Keep only the lines for the current pyproject.toml, and add this one.
{ [ -f "$stamp" ] && grep "^${want%% *} " "$stamp" || true; echo "$want"; } | sort -u >"$stamp.new"
mv "$stamp.new" "$stamp"
