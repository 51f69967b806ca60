"""Keeps curator tokens out of access logs, even when a client wrongly puts one in a URL."""

import logging
import re

TOKEN_IN_TEXT = re.compile(r"kca_\d+_[A-Za-z0-9_-]+")
TOKEN_PARAMETER = re.compile(
    r"((?:^|[?&])(?:token|access_token|api_key|apikey|key|bearer)=)[^&\s]*", re.IGNORECASE
)


def redact(text: str) -> str:
    return TOKEN_PARAMETER.sub(r"\1[redacted]", TOKEN_IN_TEXT.sub("[redacted]", text))


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install_redaction() -> None:
    for name in ("uvicorn.access", "uvicorn.error", "app"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
