"""Curator tokens: `kca_<id>_<secret>`. Only SHA-256 of the secret is stored, and it is
compared in constant time; the id part only finds the row."""

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from app.curation.audit import SEED_ACTOR
from app.curation.models import ApiToken

TOKEN = re.compile(r"^kca_(\d{1,10})_([A-Za-z0-9_-]{20,100})$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(connection: Connection, name: str, read_only: bool = False) -> str:
    """Stores a new token and returns it; this is the only time its value is known."""
    if not NAME.match(name):
        raise ValueError("a token name is 1–60 letters, digits, '.', '_' or '-'")
    if name == SEED_ACTOR:
        raise ValueError(f"{name!r} names the changes `kca seed` makes; choose another name")
    if connection.execute(select(ApiToken.id).where(ApiToken.name == name)).first():
        raise ValueError(f"a token named {name!r} exists already")
    secret = secrets.token_urlsafe(32)
    token_id = connection.execute(
        insert(ApiToken)
        .values(
            name=name,
            secret_hash=_digest(secret),
            read_only=read_only,
            created_at=datetime.now(UTC),
        )
        .returning(ApiToken.id)
    ).scalar_one()
    return f"kca_{token_id}_{secret}"


def list_tokens(connection: Connection) -> list[dict]:
    rows = connection.execute(
        select(
            ApiToken.name, ApiToken.read_only, ApiToken.created_at, ApiToken.revoked_at
        ).order_by(ApiToken.name)
    )
    return [dict(row._mapping) for row in rows]


def revoke_token(connection: Connection, name: str) -> bool:
    result = connection.execute(
        update(ApiToken)
        .where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    return result.rowcount == 1


def verify(connection: Connection, token: str) -> ApiToken | None:
    """The live token row `token` belongs to, or None."""
    match = TOKEN.match(token)
    if match is None:
        return None
    row = connection.execute(
        select(ApiToken.name, ApiToken.read_only, ApiToken.secret_hash, ApiToken.revoked_at).where(
            ApiToken.id == int(match.group(1))
        )
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.secret_hash, _digest(match.group(2))):
        return None
    return row
