#!/usr/bin/env bash
# Debian packages the report and its tests need, installed only when missing:
#   fonts   fonts-noto-cjk (the Chinese names in the figures)            -- main job and tests
#   browser chromium (headless, for the report's browser test)           -- tests
# Usage: scripts/setup_system.sh [fonts] [browser]   (no argument: both)
# As root (CI, the project's machines) it runs `apt-get update` once and installs what is
# missing. Otherwise it installs nothing and says what is missing: the report then draws
# English-only labels (with a warning), and the browser test is skipped (with its reason).
# Playwright's own browser download is never used: the tests launch /usr/bin/chromium.
set -euo pipefail

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(fonts browser)

missing=()
for what in "${wanted[@]}"; do
  case "$what" in
    fonts)
      dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
        || missing+=(fonts-noto-cjk)
      ;;
    browser)
      { [ -x /usr/bin/chromium ] \
        && dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; } \
        || missing+=(chromium)
      ;;
    *)
      echo "setup_system.sh: unknown part '$what' (use fonts, browser)" >&2
      exit 2
      ;;
  esac
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_system.sh: missing Debian packages: ${missing[*]} (not root or no apt-get: not installing)." >&2
  echo "  Install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  echo "  Without fonts-noto-cjk the figures carry English labels only; without chromium the browser test is skipped." >&2
  exit 0
fi

echo "setup_system.sh: installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
