#!/usr/bin/env bash
# Idempotent set-up on a fresh machine that has only Node 20 + npm: pnpm (pinned), the workspace
# dependencies (Node 24 comes in as the root devDependency `node`), and a build of every package.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=12.21.0
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "usesync setup: installing pnpm@$PNPM_VERSION" >&2
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit --loglevel=error >&2
fi
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
pnpm install --frozen-lockfile --reporter=silent >&2
pnpm run --silent build >&2
