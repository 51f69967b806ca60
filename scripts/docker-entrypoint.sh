#!/bin/sh
# Container entry point: migrate, seed when SEED_ON_START=1, then serve with $WORKERS workers.
set -eu
python -m app migrate
if [ "${SEED_ON_START:-0}" = "1" ]; then
  python -m app seed
fi
exec uvicorn app.main:app --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
  --workers "${WORKERS:-2}" --no-server-header
