#!/usr/bin/env bash
# Install what the tests need beyond Python packages: the SPARQL servers that
# tests/test_servers.py starts, the Oxigraph server (PyPI
# package `oxigraph`, into the given virtual environment) and Virtuoso 7 (Debian/Ubuntu
# package virtuoso-opensource-7-bin), a CJK font for the pictures, Chromium (Debian package
# chromium) for the review page tests (tests/test_review.py) and Apache Jena (Debian package
# libapache-jena-java, with a Java runtime), the second SHACL engine of tests/test_shacl_jena.py.
# Idempotent: what is already installed is left alone.
#
# Usage: bash .ci/install-servers.sh [VENV]      (default VENV: .venv, else the current python3)
# Set IPGOV_SKIP_SERVER_INSTALL=1 to do nothing (the server tests then skip with a hint).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${IPGOV_SKIP_SERVER_INSTALL:-}" = 1 ]; then
  echo "install-servers: skipped (IPGOV_SKIP_SERVER_INSTALL=1)"
  exit 0
fi

venv="${1:-.venv}"
if [ -x "$venv/bin/python" ]; then python="$venv/bin/python"; else python="python3"; fi

# Oxigraph: the `oxigraph` program lands beside that python.
bindir="$("$python" -c 'import sys, pathlib; print(pathlib.Path(sys.executable).parent)')"
if [ ! -x "$bindir/oxigraph" ]; then
  "$python" -m pip install --quiet "oxigraph>=0.4"
fi
"$bindir/oxigraph" --version

# apt_install PACKAGE WHAT: install a Debian package when root (or passwordless sudo) may;
# otherwise say which tests will skip and how to install it, and go on.
apt_install() {
  local sudo
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "install-servers: cannot run apt-get; $2 tests will be skipped (install with: sudo apt-get install $1)"
    return 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  [ -n "${apt_updated:-}" ] || { $sudo apt-get update -qq; apt_updated=1; }
  $sudo apt-get install -y -qq --no-install-recommends "$1" >/dev/null
}

# Virtuoso 7: the binaries only (no recommended packages, so no system service is set up).
if ! { command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; }; then
  apt_install virtuoso-opensource-7-bin Virtuoso
fi
if command -v virtuoso-t >/dev/null; then
  { virtuoso-t --help 2>&1 || true; } | sed -n 2p  # its --help exits 1
fi

# A CJK font for the network pictures (`ipgov export png|svg`): Debian's WenQuanYi Micro Hei.
if ! fc-list 2>/dev/null | grep -qiE "wqy|noto sans cjk|noto serif cjk"; then
  apt_install fonts-wqy-microhei picture
fi

# Chromium, headless, for the review page tests (`ipgov review`): they skip without it.
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  apt_install chromium "review page (browser)"
fi

# Apache Jena SHACL for the cross-check of the shapes (tests/test_shacl_jena.py skips without it).
if ! command -v java >/dev/null; then
  apt_install default-jre-headless "Jena SHACL cross-check (Java)"
fi
if [ ! -f /usr/share/java/jena-shacl.jar ]; then
  apt_install libapache-jena-java "Jena SHACL cross-check"
fi
