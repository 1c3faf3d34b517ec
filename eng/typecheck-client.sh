#!/usr/bin/env bash
# TypeScript types from the live contract (openapi-typescript) and a small client over them, checked by `tsc --strict`.
# Exit 0 when the client type-checks. Usage: eng/typecheck-client.sh [web-dll]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/eng/npm/node_modules/.bin"
[ -x "$BIN/openapi-typescript" ] && [ -x "$BIN/tsc" ] || { echo "openapi-typescript or tsc is missing: run npm ci in eng/npm"; exit 2; }
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
bash "$ROOT/eng/export-openapi.sh" "$OUT/openapi.json" ${1:+"$1"}
cp "$ROOT/eng/ts-client/client.ts" "$ROOT/eng/ts-client/tsconfig.json" "$OUT/"
# Defaults do not make a field required of a client that sends the request (openapi-typescript 7 assumes they do).
"$BIN/openapi-typescript" "$OUT/openapi.json" --default-non-nullable false -o "$OUT/register.d.ts" >/dev/null
"$BIN/tsc" -p "$OUT/tsconfig.json"
# The check is live: a kind the server does not know must fail it.
sed 's/kind: "normative"/kind: "normal"/' "$OUT/client.ts" >"$OUT/wrong.ts"
if "$BIN/tsc" --strict --noEmit --target es2022 --module es2022 --moduleResolution bundler --lib es2022,dom "$OUT/wrong.ts" >/dev/null 2>&1; then
  echo "tsc accepted kind: \"normal\": the types do not constrain the client"; exit 1
fi
echo "client.ts type-checks against $(grep -c '^    "/' "$OUT/register.d.ts" || true) typed paths (tsc --strict)"
