#!/usr/bin/env bash
# Installs Debian's Chromium, its driver and a CJK font for the browser tests; idempotent.
# Never downloads a browser from elsewhere (no `playwright install`): apt only.
set -euo pipefail
have_font() { fc-list 2>/dev/null | grep -qi 'wqy\|WenQuanYi'; }
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && have_font; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install_browser: need root or sudo for apt-get" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-wqy-microhei fontconfig >&2
