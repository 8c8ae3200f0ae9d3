#!/usr/bin/env sh
# The browser tests (test/dashboard) drive Debian's Chromium through playwright-core:
# `npm run browser:install` installs it when it is missing (.ci/run does). `npm test` never
# installs anything; without a browser it skips those tests and says so.
set -eu
if ! command -v chromium >/dev/null; then
  echo "installing chromium (for the dashboard's browser tests)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=''; else SUDO='sudo'; fi
  $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends chromium
fi
