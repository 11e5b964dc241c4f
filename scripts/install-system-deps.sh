#!/usr/bin/env bash
# Install the Debian packages the project needs (see SETUP-NOTES in the shared folder):
# Pango/HarfBuzz + DejaVu for WeasyPrint PDFs (DejaVu has the ☒/☐ glyphs), Debian's chromium
# for the browser tests (playwright's own browser download is blocked here), PostgreSQL for the
# test database, poppler-utils to look at rendered PDFs, LibreOffice Writer (headless) for the
# readers' tests that print the samples to PDF as a person would.
#
# Idempotent and quick: when every package is installed it does nothing (no apt-get update).
# Not root: prints the command to run instead and exits 0, so `make` on a developer machine
# is never blocked by it.
#
# usage: scripts/install-system-deps.sh [--quiet]   (--quiet: say nothing when all is present)
set -euo pipefail

quiet=false
[[ "${1:-}" == "--quiet" ]] && quiet=true

PACKAGES=(
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
    chromium chromium-driver
    postgresql
    poppler-utils
    libreoffice-writer-nogui
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-system-deps: no dpkg here (not Debian?); install the equivalents of: ${PACKAGES[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    $quiet || echo "install-system-deps: all ${#PACKAGES[@]} Debian packages present"
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "install-system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-system-deps: as root run: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 0
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
