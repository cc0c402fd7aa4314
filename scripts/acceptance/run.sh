#!/usr/bin/env bash
# `npm run acceptance`: install the pinned tools into the cache (seconds when warm), then run the acceptance checks.
# The checks always run, even when setup failed, so the closing `N passed, N failed` line is printed either way;
# a missing tool fails its checks in CI (CI=true) and skips them elsewhere. Exits non-zero if either step failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
t0=$(date +%s)
bash scripts/acceptance/setup.sh
setup_rc=$?
echo "acceptance: setup took $(( $(date +%s) - t0 ))s (exit $setup_rc)"
ACCEPTANCE_SETUP_SECONDS=$(( $(date +%s) - t0 )) node_modules/.bin/tsx acceptance/run.ts
run_rc=$?
echo "acceptance: total $(( $(date +%s) - t0 ))s"
[ "$setup_rc" -eq 0 ] && [ "$run_rc" -eq 0 ]
