# Sourced by scripts/serve and scripts/test: make .venv and install into it the locked versions
# (requirements/dev.txt: runtime, test and bench, each checked against its hash), then the
# project itself. Reinstalls only when pyproject.toml or the lock changes. Needs Python 3.11+
# (override with PYTHON=...).
set -euo pipefail
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "kca needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=$(cat pyproject.toml requirements/dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.install-stamp 2>/dev/null)" != "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements/dev.txt
  # The lock already holds every dependency: the project alone, editable.
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$stamp" > .venv/.install-stamp
fi
