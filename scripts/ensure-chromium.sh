#!/usr/bin/env bash
# Installs what the browser suite (test/browser) needs when it is missing: Debian's Chromium (driven by
# playwright-core with executablePath /usr/bin/chromium — never `playwright install`, which downloads
# its own browser and fails offline), a CJK font so Chinese renders in screenshots, and an emoji font
# for the status lights (🟢🟡🔴⚪) and ✅/⏳ on cards. Needs root (CI runs as root); idempotent.
set -euo pipefail
# (grep without -q below: -q exits early, fc-list then dies of SIGPIPE and pipefail reports "missing")
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -i 'wqy\|noto sans cjk' >/dev/null || missing+=(fonts-wqy-microhei)
fc-list 2>/dev/null | grep -i 'emoji' >/dev/null || missing+=(fonts-noto-color-emoji)
if [ ${#missing[@]} -eq 0 ]; then
  echo "browser suite: chromium and fonts present ($(chromium --version 2>/dev/null | head -1))"
  exit 0
fi
echo "browser suite: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
chromium --version 2>/dev/null | head -1
