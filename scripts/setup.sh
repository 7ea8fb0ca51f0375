#!/usr/bin/env bash
# Set up SmartBank Desktop on a Debian/Ubuntu machine: Debian packages (when
# run as root or with sudo), a virtual environment in .venv with every Python
# package, and the one-time warm-up of the speaker model. Safe to run again:
# each step is skipped when its inputs have not changed.
#   scripts/setup.sh          the product
#   scripts/setup.sh --test   the product and what its tests need
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${SMARTBANK_VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}
EXTRAS=""
[ "${1:-}" = "--test" ] && EXTRAS="[test]"

say() { printf '\n== %s\n' "$*"; }

# pip, without its warning per configured index folder that does not exist here.
pip_install() {
    "$VENV/bin/python" -m pip install -q "$@" 2>&1 | { grep -v "^WARNING: Location .* is ignored" || true; }
}

install_debian_packages() {
    local wanted missing=()
    wanted=$(grep -v '^#' scripts/debian-packages.txt | grep .)
    for pkg in $wanted; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
            say "Please install these Debian packages (as root): ${missing[*]}"
            return 0
        fi
    fi
    say "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_python_packages() {
    local stamp="$VENV/.smartbank-installed" want
    want="$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)$EXTRAS"
    if [ -f "$stamp" ] && grep -qxF "$want" "$stamp"; then return 0; fi
    say "Installing Python packages into $VENV"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    pip_install --upgrade "pip>=24"
    # torch first and pinned: an unpinned torch pulls gigabytes of CUDA packages.
    pip_install "torch==2.13.0"
    pip_install -e ".$EXTRAS"
    # Their declared dependencies would compile dlib from source (face_recognition)
    # or pull an old typing backport and the webrtcvad sdist (resemblyzer); the
    # real dependencies are in pyproject.toml (dlib-bin, webrtcvad-wheels, ...).
    pip_install --no-deps "face_recognition==1.3.0" "resemblyzer==0.1.4"
    # Resemblyzer's first embedding compiles librosa code with numba (~30 s) and
    # caches it: do that once here rather than in a customer's first voice sign-in.
    say "Preparing the speaker model"
    "$VENV/bin/python" -c "import numpy as np; from resemblyzer import VoiceEncoder, preprocess_wav; \
VoiceEncoder('cpu', verbose=False).embed_utterance(preprocess_wav(np.random.default_rng(0).normal(0, 0.1, 32000).astype('float32'), 16000))"
    echo "$want" > "$stamp"
}

install_debian_packages
install_python_packages
say "SmartBank Desktop is installed in $VENV"
