"""Who may write: a Bearer token in the Authorization header, never in the query string."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.curation.tokens import verify
from app.db import SessionDep
from app.errors import ProblemError, invalid_parameter, refuse_query_parameters
from app.protection.ratelimit import client_of, too_many

bearer = HTTPBearer(auto_error=False, description="A curator token from `kca token create`.")
QUERY_TOKEN_NAMES = {"token", "access_token", "api_key", "apikey", "key", "bearer"}
CHALLENGE = 'Bearer realm="kca"'


def _unauthorized(detail: str, error: str | None = None) -> ProblemError:
    challenge = CHALLENGE + (f', error="{error}"' if error else "")
    return ProblemError(
        401, "unauthorized", "Unauthorized", detail, headers={"WWW-Authenticate": challenge}
    )


def require_curator(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The name of the token that authorises this write."""
    for name in request.query_params:
        if name.lower() in QUERY_TOKEN_NAMES:
            raise invalid_parameter(
                name, "Tokens are accepted only in the Authorization header, never in the URL."
            )
    limiter, client = request.app.state.limiter, client_of(request.scope)
    blocked = limiter.check("auth", client, count=False)
    if blocked is not None and not blocked.allowed:
        raise too_many(blocked, "failed token attempts")
    if credentials is None:
        raise _unauthorized("Writing needs a curator token: 'Authorization: Bearer <token>'.")
    token = verify(session.connection(), credentials.credentials)
    session.rollback()  # the lookup must not hold a transaction open before the write begins
    if token is None:
        limiter.check("auth", client)  # counts the failure
        raise _unauthorized("The token is unknown, malformed or revoked.", "invalid_token")
    if token.read_only:
        raise ProblemError(
            403, "forbidden", "Forbidden", f"The token '{token.name}' may only read."
        )
    refuse_query_parameters(request)  # a write's input is its body alone
    return token.name


Curator = Annotated[str, Depends(require_curator)]
