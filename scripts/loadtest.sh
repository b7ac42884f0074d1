#!/usr/bin/env bash
# Load test of `interdict serve` on loopback: single-entity /match requests for DURATION
# seconds (default 60) over CONNECTIONS connections (default 32), with wrk (installed from
# Debian when missing). Prints requests/s, latency percentiles, errors, and the server's
# resident memory before and after. Traffic goes to 127.0.0.1 only and stops by itself.
# BIN=path/to/interdict serves another build instead (to compare two builds in one session).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-60}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18700}"
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
BIN="${BIN:-}"
if [ -z "$BIN" ]; then
  cargo build --release -p interdict -q
  BIN=target/release/interdict
fi
DATA="$(mktemp -d)"
INTERDICT_DATA_DIR="$DATA" "$BIN" serve --bind "127.0.0.1:$PORT" --rate-limit 0 \
  --max-age-days 100000 2>"$DATA/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do grep -q listening "$DATA/serve.log" && break; sleep 0.5; done
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$PID/status"; }
# Warm up, then measure.
wrk -t 2 -c "$CONNECTIONS" -d 5 -s scripts/loadtest.lua "http://127.0.0.1:$PORT" >/dev/null
echo "RSS after warm-up: $(rss)"
wrk -t 2 -c "$CONNECTIONS" -d "$DURATION" --latency -s scripts/loadtest.lua "http://127.0.0.1:$PORT"
echo "RSS after ${DURATION} s: $(rss)"
