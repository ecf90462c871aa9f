#!/usr/bin/env bash
# Load test: the same app with and without CookieGateFilter on embedded Jetty, driven by wrk on
# loopback (127.0.0.1 only). Installs wrk from Debian's packages if it is missing, builds the
# benchmarks jar, and runs about 7 minutes. Args: [rounds=5] [seconds per run=5].
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk
  else
    echo "wrk is missing: sudo apt-get install wrk" >&2
    exit 1
  fi
fi
mvn -q -pl benchmarks -am package -DskipTests
exec java -Xms512m -Xmx512m -cp benchmarks/target/benchmarks.jar io.github.cookiegate.benchmarks.LoadTest "$@"
