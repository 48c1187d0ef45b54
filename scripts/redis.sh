#!/usr/bin/env sh
# Make sure Debian's redis-server is installed (the distributed-crawl tests start their own on a loopback port).
set -eu
if command -v redis-server >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "redis-server is missing: run 'sudo apt-get install -y redis-server' (needed by tests/test_distributed.py)" >&2
    exit 1
fi
apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
# The package starts a system service on 6379; the tests start their own server, so stop that one if we started it.
(command -v systemctl >/dev/null 2>&1 && systemctl disable --now redis-server >/dev/null 2>&1) || true
command -v redis-server
