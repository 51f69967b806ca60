#!/bin/sh
# Container entry point: migrate, seed when SEED_ON_START=1, then serve with $WORKERS uvicorn
# workers. Runs outside a container too (tests/deploy/test_deploy.py runs it on SQLite).
#
#   DATABASE_URL          the database (migrated here on every start; migrations are idempotent)
#   SEED_ON_START=1       load seeds/ after migrating (idempotent: an unchanged dataset stays)
#   HOST, PORT, WORKERS   where to listen, how many worker processes
#   LOG_LEVEL             DEBUG, INFO (a JSON line per request), WARNING, ERROR
#   FORWARDED_ALLOW_IPS   proxies trusted for X-Forwarded-For (the client address rate limits
#                         use); unset: none
#   KEEP_ALIVE_TIMEOUT    seconds an idle keep-alive connection stays open
#   MAX_HEADER_BYTES, MAX_HEADERS, HEADER_TIMEOUT  request head limits (app/protection/server.py
#                         reads them, as `kca serve` does)
#   PROMETHEUS_MULTIPROC_DIR  where workers share metrics (default: a fresh temporary directory)
set -eu
cd "$(dirname "$0")/.."

python -m app migrate
if [ "${SEED_ON_START:-0}" = "1" ]; then
  python -m app seed
fi

# Every worker writes its request metrics here, so /metrics sums all of them; files left by an
# earlier run would be counted again, so they go.
if [ -z "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  PROMETHEUS_MULTIPROC_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kca-metrics.XXXXXX")
fi
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
rm -f "$PROMETHEUS_MULTIPROC_DIR"/counter_*.db "$PROMETHEUS_MULTIPROC_DIR"/histogram_*.db \
  "$PROMETHEUS_MULTIPROC_DIR"/gauge_*.db "$PROMETHEUS_MULTIPROC_DIR"/summary_*.db
export PROMETHEUS_MULTIPROC_DIR

# X-Forwarded-For names the client only when it comes from a proxy FORWARDED_ALLOW_IPS names;
# unset, no proxy is trusted (uvicorn would trust 127.0.0.1 by default).
if [ -n "${FORWARDED_ALLOW_IPS:-}" ]; then
  set -- --forwarded-allow-ips "$FORWARDED_ALLOW_IPS"
else
  set -- --no-proxy-headers
fi

log_level=$(printf '%s' "${LOG_LEVEL:-info}" | tr '[:upper:]' '[:lower:]')
# No uvicorn access log: the application writes one JSON line per request itself; uvicorn's
# own lines (start, stop, errors) are JSON too. The HTTP protocol is `kca serve`'s: httptools
# with limits on request heads.
exec uvicorn app.main:app --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
  --workers "${WORKERS:-2}" --no-server-header --no-access-log --log-level "$log_level" \
  --http app.protection.server:LimitedHttpToolsProtocol \
  --timeout-keep-alive "${KEEP_ALIVE_TIMEOUT:-5}" \
  --log-config app/observability/uvicorn-logging.json "$@"
