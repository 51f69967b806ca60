# syntax=docker/dockerfile:1
# Build stage: the runtime lock (exact versions, each file checked against its hash) in a
# virtual environment. Only the lock is needed for that, so the layer survives code changes.
# The project itself runs from /srv/kca, beside its migrations and seeds.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements/runtime.txt ./
RUN /opt/venv/bin/pip install --require-hashes --only-binary :all: -r runtime.txt

# Final stage: the virtual environment, the code, migrations and seeds; no compilers, no pip
# cache, nothing writable but /data (SQLite) and /tmp (shared worker metrics). Runs as 10001.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/kca.db \
    HOST=0.0.0.0 \
    PORT=8000 \
    WORKERS=2 \
    LOG_LEVEL=INFO \
    SEED_ON_START=0
WORKDIR /srv/kca
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations ./migrations
COPY seeds ./seeds
COPY app ./app
COPY scripts/docker-entrypoint.sh ./scripts/docker-entrypoint.sh
RUN mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/readyz\", timeout=9)"]
ENTRYPOINT ["/srv/kca/scripts/docker-entrypoint.sh"]
