"""Structured logs: one JSON object a line, tokens redacted, the request id on every line
logged while a request is being answered."""

import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

import orjson

from app.curation.redaction import redact

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The id of the request being answered (set by ObservabilityMiddleware)."""

UVICORN_LOG_CONFIG = Path(__file__).with_name("uvicorn-logging.json")
"""uvicorn's own lines (start, stop, errors) as JSON too: `--log-config` for the uvicorn CLI,
`log_config=` for `uvicorn.run`."""

FIELDS = ("request_id", "method", "route", "path", "status", "duration_ms", "client")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                entry[name] = value
        if "request_id" not in entry and (request_id := REQUEST_ID.get()) is not None:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        line = orjson.dumps(entry).decode()
        # The last line of defence: whatever a message or a path carries, no token is written.
        # (Both patterns need one of these substrings; most lines have neither.)
        return redact(line) if "kca_" in line or "=" in line else line


class _JsonHandler(logging.StreamHandler):
    """Marks the handler this module installs, so configuring twice adds it once."""


def configure_logging(level: str = "INFO", stream=None) -> None:
    """JSON lines on stderr for the application's loggers (`app.*`) at `level`."""
    logger = logging.getLogger("app")
    logger.setLevel(level)
    for handler in logger.handlers:
        if isinstance(handler, _JsonHandler):
            if stream is not None:
                handler.setStream(stream)
            return
    handler = _JsonHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
