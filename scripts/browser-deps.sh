#!/usr/bin/env bash
# Install what the browser tests need, once: Debian's chromium (Playwright's own browser
# download does not work offline) and CJK fonts so Chinese pages render in screenshots.
# Idempotent: does nothing when both are present.
set -euo pipefail

packages=(chromium fonts-noto-cjk)
missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "browser-deps: chromium and fonts-noto-cjk already installed"
    exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
fi

echo "browser-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
command -v chromium >/dev/null || { echo "browser-deps: chromium not on PATH after install" >&2; exit 1; }
echo "browser-deps: done ($(chromium --version 2>/dev/null || echo chromium))"
