#!/usr/bin/env bash
# Soak: mixed reads and writes at a steady rate on loopback for SOAK_MINUTES (default 10), one wrk slice per minute.
# Reports per minute: requests, non-2xx answers (must be 0), p50/p99 latency; and the server's memory at start and end.
# Writes register new documents (unique numbers) with the API key; reads ask statuses and search. Usage: benchmarks/soak.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MINUTES="${SOAK_MINUTES:-10}"
RATE="${SOAK_RATE:-200}"   # requests per second across both connections (wrk2-style pacing by the script's delay)
export PR_DB_NAME=policyregister_soak
./build.sh build >/dev/null
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
. benchmarks/lib.sh
use_checkout_db
PORT=$(free_port); APP=http://127.0.0.1:$PORT
KEY="soak-test-key-0123456789abcdef"
export ASPNETCORE_ENVIRONMENT=Development Auth__ApiKeys__0="soak:clerk:$KEY"
ASPNETCORE_URLS=$APP dotnet src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll >"$TMP/server.log" 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true; cleanup_tmp' EXIT
for i in $(seq 1 120); do curl -sf $APP/health >/dev/null && break; sleep 0.5; done
ID=$(curl -s -X POST $APP/api/documents -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"number":"卫政规发〔2024〕1号","title":"中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知","issuers":["中卫市人民政府"],"jurisdiction":"浸泡测试","kind":"normative","signedOn":"2024-01-16","effective":{"on":"2024-02-17"},"reason":"soak"}' \
  | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])' 2>/dev/null || curl -s "$APP/api/documents?jurisdiction=%E6%B5%B8%E6%B3%A1%E6%B5%8B%E8%AF%95&pageSize=1" | python3 -c 'import json,sys;print(json.load(sys.stdin)["items"][0]["id"])')
SCRIPT="$TMP/soak.lua"
cat >"$SCRIPT" <<LUA
local n = 0
-- each wrk thread has its own Lua state: seed apart so the threads never write the same number
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
local letters = ""
for _ = 1, 6 do letters = letters .. string.char(math.random(65, 90)) end
local delay_ms = 1000 * 2 / $RATE
function delay() return delay_ms end
function request()
  n = n + 1
  if n % 10 == 0 then
    local body = '{"number":"浸' .. letters .. '发〔2030〕' .. n .. '号","title":"浸泡测试文件' .. n .. '","issuers":["测试机关"],"jurisdiction":"浸泡测试","kind":"normative","signedOn":"2024-01-01","reason":"soak"}'
    return wrk.format("POST", "/api/documents", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $KEY"}, body)
  elseif n % 3 == 0 then
    return wrk.format("GET", "/api/documents?q=%E8%88%AA%E7%A9%BA&pageSize=5")
  else
    return wrk.format("GET", "/api/documents/$ID/status?on=2024-0" .. (1 + n % 9) .. "-15")
  end
end
LUA
rss() { awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$PID/status; }
echo "soak: $MINUTES min at ~$RATE req/s (10% writes, 30% searches, 60% status reads); server memory at start $(rss)"
echo "| minute | requests | non-2xx | socket errors | p50 | p99 |"
echo "|---|---|---|---|---|---|"
for m in $(seq 1 "$MINUTES"); do
  out=$(wrk -t2 -c2 -d60s --latency -s "$SCRIPT" $APP)
  req=$(grep -o '[0-9]* requests in' <<<"$out" | cut -d' ' -f1)
  non=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" | grep -o '[0-9]*$' || echo 0)
  sock=$(grep -o 'Socket errors:.*' <<<"$out" || echo none)
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "| $m | $req | ${non:-0} | $sock | $p50 | $p99 |"
done
echo "server memory at end $(rss)"
