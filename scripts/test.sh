#!/usr/bin/env bash
# Runs every test: set-up, real peers installed if absent, then build + lint + typecheck + vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh
pnpm run --silent test
