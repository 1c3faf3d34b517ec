#!/usr/bin/env bash
# The API contract through two third-party linters: Redocly's `recommended` rules and Spectral's `spectral:oas`.
# The document is the live one (eng/export-openapi.sh). Exit 0 when both report no error; their warnings are printed,
# and the last line counts them. Usage: eng/lint-openapi.sh [web-dll]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/eng/npm/node_modules/.bin"
[ -x "$BIN/redocly" ] && [ -x "$BIN/spectral" ] || { echo "the linters are missing: run npm ci in eng/npm"; exit 2; }
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
bash "$ROOT/eng/export-openapi.sh" "$OUT/openapi.json" ${1:+"$1"}
printf 'extends: ["spectral:oas"]\n' >"$OUT/.spectral.yaml"
rc=0
echo "Spectral (spectral:oas):" | tee "$OUT/report"
(cd "$OUT" && "$BIN/spectral" lint --ruleset "$OUT/.spectral.yaml" --fail-severity error openapi.json) | sed 's/^/  /' | tee -a "$OUT/report" || rc=1
echo "Redocly (recommended):" | tee -a "$OUT/report"
(cd "$OUT" && "$BIN/redocly" lint --extends recommended --format stylish openapi.json 2>&1) | grep -E "error|warning|valid" | sed 's/^/  /' | tee -a "$OUT/report" || true
(cd "$OUT" && "$BIN/redocly" lint --extends recommended openapi.json >/dev/null 2>&1) || rc=1
echo "$(grep -cE '^ +[0-9]+:[0-9]+ +warning' "$OUT/report" || true) warnings"
exit $rc
