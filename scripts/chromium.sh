#!/usr/bin/env sh
# Make sure Debian's chromium is installed (tests marked `browser` take screenshots with it; make test-browser).
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "chromium is missing: run 'sudo apt-get install -y chromium' (needed by pytest -m browser)" >&2
    exit 1
fi
apt-get update -qq && apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
