#!/usr/bin/env bash
# The card tests (tests/test_certificate_card.py) use a SoftHSM2 token as the card and
# OpenSC's pkcs11-tool to write certificates onto it: Debian packages softhsm2 and opensc.
# Installs them when missing (as root, with apt-get); otherwise says what to install.
# Called by scripts/test (the README's second command, and .ci/run).
set -euo pipefail

missing=()
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
command -v pkcs11-tool >/dev/null 2>&1 || missing+=(opensc)
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} for the card tests (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt_install() { apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
    apt_install || { apt-get update -qq >/dev/null && apt_install; } ||
        echo "apt-get could not install ${missing[*]}: the card tests will be skipped," \
            "and fail under CI=true." >&2
else
    echo "The card tests need: ${missing[*]} (Debian/Ubuntu: sudo apt-get install" \
        "${missing[*]}; macOS: brew install softhsm opensc)." >&2
    echo "Without them these tests are skipped, except under CI=true where they fail." >&2
fi
