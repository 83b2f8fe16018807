#!/usr/bin/env bash
# Creates or refreshes .venv when pyproject.toml changed (or .venv is missing); idempotent.
# Sourced by scripts/start and scripts/test, so both survive a missing .venv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.installed-$(sha256sum "$root/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  python="$(command -v python3.11 || command -v python3)"
  echo "setting up $venv with $($python --version) ..." >&2
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root[dev]" \
    > "$venv/install.log" 2>&1 || { grep -v '^WARNING: Location' "$venv/install.log" >&2; exit 1; }
  rm -f "$venv"/.installed-*
  touch "$stamp"
fi
export PATH="$venv/bin:$PATH"
export ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
