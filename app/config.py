"""Settings read once from the environment (and an optional .env file)."""

from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./kca.db"
    """SQLAlchemy URL. `postgresql://…` is accepted and served through psycopg 3."""
    database_read_url: str | None = None
    """A read replica for GETs; writes (and the checks writes make) stay on `database_url`."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(1, ge=1)
    """uvicorn worker processes for `kca serve` and the container entry point."""
    log_level: str = "INFO"
    """Level of the JSON logs: DEBUG, INFO (one line per request), WARNING, ERROR or CRITICAL."""
    db_pool_size: int = Field(10, ge=1)
    """Connections each worker keeps open (PostgreSQL)."""
    db_pool_timeout: float = Field(5.0, gt=0)
    """Seconds a request waits for a free connection before a 503."""
    db_connect_timeout: int = Field(3, ge=1)
    """Seconds to wait for PostgreSQL to accept a connection before a 503."""
    db_statement_timeout_ms: int = Field(5000, ge=0)
    """PostgreSQL statement timeout; a slower query is cancelled and answered 503 (0: none)."""
    stream_send_timeout: float = Field(30.0, gt=0)
    """Seconds a CSV, NDJSON or export download may wait for the client to take the next chunk;
    a client that stalls longer has the download cut and its database connection released."""
    streams_per_client: int = Field(4, ge=0)
    """Downloads (CSV, NDJSON, export) one client may have under way at once per worker; one
    more is answered 429 (0: unlimited)."""
    max_header_bytes: int = Field(32 * 1024, ge=1024)
    """Largest request line plus headers a server accepts; larger is answered 431 and closed."""
    max_headers: int = Field(100, ge=1)
    """Most header lines a request may carry; more is answered 431 and closed."""
    header_timeout: float = Field(10.0, gt=0)
    """Seconds a client has to send a request's line and headers, from its first byte (or from
    connecting); a slower one is disconnected."""
    keep_alive_timeout: int = Field(5, ge=1)
    """Seconds an idle keep-alive connection is kept open between requests."""
    redis_url: str | None = None
    """Shared store for rate-limit counters across workers; in-process counters when unset."""
    rate_limit_reads: int = Field(600, ge=0)
    """Reads per client per minute (0: unlimited)."""
    rate_limit_writes: int = Field(60, ge=0)
    """Writes per client per minute (0: unlimited)."""
    rate_limit_auth_failures: int = Field(10, ge=0)
    """Failed token attempts per client per minute before writes are refused (0: unlimited)."""
    forwarded_allow_ips: str = ""
    """Comma-separated proxy addresses whose X-Forwarded-For names the client (the address rate
    limits count by). Empty: no proxy is trusted, not even 127.0.0.1, since any local client
    could otherwise name a new address for every failed token attempt."""
    cors_origins: str = "*"
    """Comma-separated origins allowed to read the API from a browser; `*` for any."""
    opentelemetry: bool = False
    """Let FastAPI report spans, metrics and logs to the process's OpenTelemetry providers. Off:
    /metrics and the JSON logs are the service's own, and no answer pays for FastAPI's
    per-request look for configured providers."""

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def read_url(self) -> str:
        """Where GETs read from: the replica when one is set, else the primary."""
        return self.database_read_url or self.database_url

    @field_validator("database_url", "database_read_url")
    @classmethod
    def use_psycopg3(cls, url: str | None) -> str | None:
        # Users paste URLs as libpq writes them; SQLAlchemy would pick psycopg2 for those.
        for prefix in ("postgresql://", "postgres://"):
            if url and url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url or None

    @field_validator("log_level")
    @classmethod
    def known_level(cls, level: str) -> str:
        name = level.strip().upper()
        if name not in LOG_LEVELS:
            raise ValueError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        return name


@lru_cache
def get_settings() -> Settings:
    return Settings()
