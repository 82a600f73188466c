#!/usr/bin/env bash
# The browser test (test/dashboard.e2e-spec.ts) drives Debian's chromium through playwright-core:
# install it when missing (as root, or through sudo). No browser is downloaded by npm.
set -euo pipefail
CHROMIUM=${DRIFTWATCH_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium
test -x "$CHROMIUM" && echo "chromium installed: $CHROMIUM"
