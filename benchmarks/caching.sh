#!/usr/bin/env bash
# Conditional GETs against full renders of the public catalogue page (1,000 documents in force in one jurisdiction):
# a request that repeats its ETag (If-None-Match) is answered 304 after one indexed read of the event sequence,
# before the catalogue is built. Interleaved rounds (full, conditional, full, …) of 30 requests each; medians.
# Usage: benchmarks/caching.sh [rounds]   (default 5)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-5}"
DOCS="${PR_BENCH_DOCS:-1000}"
export PR_DB_NAME=policyregister_caching
./build.sh build >/dev/null
. benchmarks/lib.sh
use_checkout_db
psql -Atq -d postgres -c "drop database if exists policyregister_caching with (force)" >/dev/null
psql -Atq -d postgres -c "create database policyregister_caching" >/dev/null
KEY="caching-bench-key-0123456789abcdef"
export ASPNETCORE_ENVIRONMENT=Production Auth__ApiKeys__0="bench:reviewer:$KEY" \
  Register__DataProtectionKey="$(head -c 32 /dev/urandom | base64)" Register__RateLimits__WritesPerMinute=1000000 Logging__LogLevel__Default=Warning
WEB="$ROOT/src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll"
PORT=$(free_port); APP=http://127.0.0.1:$PORT
ASPNETCORE_URLS=$APP dotnet "$WEB" >"$TMP/server.log" 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true; cleanup_tmp' EXIT
for i in $(seq 1 120); do curl -sf $APP/health >/dev/null && break; sleep 0.5; done

J=640502
python3 - "$APP" "$KEY" "$J" "$DOCS" <<'PY'
import json, sys, urllib.request, concurrent.futures
app, key, j, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def post(i):
    body = json.dumps({"number": f"缓政规发〔{2000 + i // 500}〕{i % 500 + 1}号", "title": f"缓存基准测试文件第{i}号管理办法", "issuers": ["中卫市沙坡头区人民政府"],
        "jurisdiction": j, "kind": "normative", "signedOn": "2020-01-10", "effective": {"on": "2020-02-01"}, "reason": "benchmark"}).encode()
    req = urllib.request.Request(f"{app}/api/documents", data=body, method="POST", headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
with concurrent.futures.ThreadPoolExecutor(8) as pool: list(pool.map(post, range(n)))
PY
URL="$APP/catalogue?jurisdiction=$J&on=2024-06-01"
ETAG=$(curl -s -D - -o "$TMP/page.html" "$URL" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
echo "catalogue of $DOCS documents: $(wc -c <"$TMP/page.html") bytes, ETag $ETAG; load $(cut -d' ' -f1 /proc/loadavg)"
[ -n "$ETAG" ] || { echo "no ETag on the catalogue page"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$URL")" = 304 ] || { echo "the conditional request was not answered 304"; exit 1; }

times() { # args: curl header args…; prints the median of 30 requests' time_total in ms (after 3 warm-ups)
  local out=() i
  for i in 1 2 3; do curl -s -o /dev/null "$@" "$URL"; done
  for i in $(seq 1 30); do out+=("$(curl -s -o /dev/null -w '%{time_total}' "$@" "$URL")"); done
  printf '%s\n' "${out[@]}" | sort -g | awk '{a[NR]=$1*1000} END {printf "%.2f", (a[15]+a[16])/2}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -a FULL CONDITIONAL
for r in $(seq 1 "$ROUNDS"); do
  FULL+=("$(times)")
  CONDITIONAL+=("$(times -H "If-None-Match: $ETAG")")
  echo "round $r: full render ${FULL[-1]} ms, conditional (304) ${CONDITIONAL[-1]} ms; load $(cut -d' ' -f1 /proc/loadavg)"
done
F=$(median "${FULL[@]}"); C=$(median "${CONDITIONAL[@]}")
RATIO=$(python3 -c "print(round($F / $C, 1))")
GOAL=$(python3 -c "print('met' if $F / $C >= 5 else 'missed')")
echo "median: full render $F ms, conditional $C ms: ${RATIO}× cheaper (goal ≥ 5×: $GOAL); load $(cut -d' ' -f1 /proc/loadavg)"
