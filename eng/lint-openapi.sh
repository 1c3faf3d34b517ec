#!/usr/bin/env bash
# The API contract through two third-party linters: Redocly's `recommended` rules and Spectral's `spectral:oas`.
# The document is the live one, exported by Wolverine's `openapi` command (no database, the host is not started).
# Exit 0 when both report no error; their warnings are printed. Usage: eng/lint-openapi.sh [web-dll]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WEB="${1:-$ROOT/src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll}"
BIN="$ROOT/eng/npm/node_modules/.bin"
[ -x "$BIN/redocly" ] && [ -x "$BIN/spectral" ] || { echo "the linters are missing: run npm ci in eng/npm"; exit 2; }
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
(cd "$(dirname "$WEB")" && dotnet "$WEB" openapi --output "$OUT/openapi.json" >/dev/null)
printf 'extends: ["spectral:oas"]\n' >"$OUT/.spectral.yaml"
rc=0
echo "Spectral (spectral:oas):"
(cd "$OUT" && "$BIN/spectral" lint --ruleset "$OUT/.spectral.yaml" --fail-severity error openapi.json) | sed 's/^/  /' || rc=1
echo "Redocly (recommended):"
(cd "$OUT" && "$BIN/redocly" lint --extends recommended --format stylish openapi.json 2>&1) | grep -E "error|warning|valid" | sed 's/^/  /' || true
(cd "$OUT" && "$BIN/redocly" lint --extends recommended openapi.json >/dev/null 2>&1) || rc=1
exit $rc
