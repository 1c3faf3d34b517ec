#!/usr/bin/env bash
# Search inside texts at a province's size: the synthetic register of ./build.sh bench (100,000 documents, generated
# once) gets a synthetic text of 5–20 KB per document through the product's append path (once), then the product
# answers GET /api/documents?in=text&q=… over HTTP for eight kinds of query; median of three interleaved runs' p95
# beside the goal (≤ 50 ms), the index's size and EXPLAIN ANALYZE of each kind into benchmarks/results.json.
# Usage: benchmarks/text-search.sh [runs]   (default 3)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-3}"
export PR_DB_NAME=policyregister_bench
./build.sh build >/dev/null
. benchmarks/lib.sh
use_checkout_db
psql -Atq -d postgres -c "select 1 from pg_database where datname = 'policyregister_bench'" | grep -q 1 || psql -Atq -d postgres -c "create database policyregister_bench" >/dev/null
BENCH="$ROOT/benchmarks/PolicyRegister.Benchmarks/bin/Release/net10.0/PolicyRegister.Benchmarks.dll"
dotnet "$BENCH" generate --docs "${BENCH_DOCS:-100000}" || exit 1
dotnet "$BENCH" texts || exit 1
WEB="$ROOT/src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll"
PORT=$(free_port); APP=http://127.0.0.1:$PORT
# The async daemon stays off: catching up the change feed of a million events would load the machine during the runs.
# One client asks everything: the per-client search limit (1,200 a minute) is raised for it.
ASPNETCORE_ENVIRONMENT=Development Register__Daemon=Disabled Register__RateLimits__SearchesPerMinute=1000000 Logging__LogLevel__Default=Warning ASPNETCORE_URLS=$APP dotnet "$WEB" >"$TMP/server.log" 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true; cleanup_tmp' EXIT
for i in $(seq 1 120); do curl -sf $APP/health >/dev/null && break; sleep 0.5; done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$BENCH" measure-texts --product "$APP" --runs "$RUNS" --out "$ROOT/benchmarks/results.json"
