#!/usr/bin/env bash
# Subscriptions under fan-out: a repeal with 1,000 matching subscribers is committed as fast as one with none (the
# fan-out is written by the change subscription and carried by Wolverine's durable outbox, not by the write), and all
# 1,000 signed deliveries reach a local receiver. Runs interleaved: none, 1,000, none, 1,000, … and reports medians.
# Usage: benchmarks/subscriptions.sh [rounds]   (default 5)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-5}"
export PR_DB_NAME=policyregister_subscriptions
./build.sh build >/dev/null
. benchmarks/lib.sh
use_checkout_db
psql -Atq -d postgres -c "drop database if exists policyregister_subscriptions with (force)" >/dev/null
psql -Atq -d postgres -c "create database policyregister_subscriptions" >/dev/null
KEY="subscriptions-bench-key-0123456789"
export ASPNETCORE_ENVIRONMENT=Production Auth__ApiKeys__0="bench:reviewer:$KEY" Subscriptions__AllowLoopback=true \
  Register__DataProtectionKey="$(head -c 32 /dev/urandom | base64)" Register__RateLimits__WritesPerMinute=1000000 Logging__LogLevel__Default=Warning
WEB="$ROOT/src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll"
PORT=$(free_port); APP=http://127.0.0.1:$PORT
RPORT=$(free_port)
# The receiver: counts POSTs by delivery id and writes the time of the latest one; answers 204 at once.
cat >"$TMP/receiver.py" <<'PY'
import http.server, sys, threading, time, json
seen = {}; lock = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, as a real receiver would
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0)); self.rfile.read(n)
        with lock: seen[self.headers.get('X-Register-Delivery')] = time.time()
        self.send_response(204); self.send_header('Content-Length', '0'); self.end_headers()
    def do_GET(self):
        with lock: body = json.dumps({"count": len(seen), "last": max(seen.values()) if seen else 0}).encode()
        self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
class S(http.server.ThreadingHTTPServer):
    request_queue_size = 256   # the default backlog of 5 refuses connections under parallel deliveries
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$TMP/receiver.py" "$RPORT" & RPID=$!
ASPNETCORE_URLS=$APP dotnet "$WEB" >"$TMP/server.log" 2>&1 & PID=$!
trap 'kill $PID $RPID 2>/dev/null || true; cleanup_tmp' EXIT
for i in $(seq 1 120); do curl -sf $APP/health >/dev/null && break; sleep 0.5; done
post() { curl -s -X POST "$APP$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary "$2"; }
now() { python3 -c 'import time;print(time.time())'; }

FANNED=640502; QUIET=640521   # 沙坡头区 gets the subscribers; 中宁县 none
for i in $(seq 1 1000); do
  post /api/subscriptions "{\"url\":\"http://127.0.0.1:$RPORT/hook/$i\",\"secret\":\"bench-secret-0123456789\",\"jurisdiction\":\"$FANNED\",\"kinds\":[\"repealed\"],\"reason\":\"benchmark\"}" >/dev/null
done
echo "1,000 subscriptions on $FANNED (repealed only); load $(cut -d' ' -f1 /proc/loadavg)"

repeal_ms() { # jurisdiction serial -> milliseconds of the repeal's POST
  local j=$1 n=$2 doc id version
  doc=$(post /api/documents "{\"number\":\"订政规发〔2020〕$n号\",\"title\":\"订阅测试文件$n\",\"issuers\":[\"测试政府\"],\"jurisdiction\":\"$j\",\"kind\":\"normative\",\"signedOn\":\"2020-01-10\",\"effective\":{\"on\":\"2020-02-01\"},\"reason\":\"benchmark\"}")
  id=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["id"])' "$doc"); version=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["version"])' "$doc")
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "$APP/api/documents/$id/repeal" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    --data-binary "{\"version\":$version,\"on\":\"2024-07-01\",\"basis\":{\"number\":\"订政发〔2024〕1号\"},\"reason\":\"benchmark\"}" | awk '{printf "%.1f\n", $1*1000}'
}
declare -a QUIET_MS FANNED_MS DELIVERY_S
for r in $(seq 1 "$ROUNDS"); do
  QUIET_MS+=("$(repeal_ms $QUIET $((r * 2)))")
  before=$(curl -s http://127.0.0.1:$RPORT/ | python3 -c 'import json,sys;print(json.load(sys.stdin)["count"])')
  t0=$(now); FANNED_MS+=("$(repeal_ms $FANNED $((r * 2 + 1)))")
  target=$((before + 1000)); done_at=""
  for w in $(seq 1 1200); do
    read -r count last < <(curl -s http://127.0.0.1:$RPORT/ | python3 -c 'import json,sys;d=json.load(sys.stdin);print(d["count"], d["last"])')
    if [ "$count" -ge "$target" ]; then done_at=$last; break; fi
    sleep 0.1
  done
  if [ -n "$done_at" ]; then DELIVERY_S+=("$(python3 -c "print(round($done_at - $t0, 2))")"); else DELIVERY_S+=("120+"); fi
  retried=$(psql -Atq -c "select count(*) from register.mt_doc_delivery where (data->>'attempts')::int > 1")
  echo "round $r: repeal with no subscribers ${QUIET_MS[-1]} ms, with 1,000 ${FANNED_MS[-1]} ms, all 1,000 delivered after ${DELIVERY_S[-1]} s (deliveries retried so far: $retried); load $(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median repeal: no subscribers $(median "${QUIET_MS[@]}") ms, 1,000 subscribers $(median "${FANNED_MS[@]}") ms (goal: the same)"
echo "median time until all 1,000 deliveries arrived: $(median "${DELIVERY_S[@]}") s (goal: within 60 s); load $(cut -d' ' -f1 /proc/loadavg)"
