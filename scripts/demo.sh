#!/usr/bin/env bash
# The demo: set-up, then the main job on the embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm run --silent demo
