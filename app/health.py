"""Liveness and readiness: is the process up; is the database reachable and at the schema head."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import Depends
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.db import SessionDep
from app.errors import ProblemError, problem_responses, refuse_query_parameters
from app.http import json_response
from app.routing import new_router

ROOT = Path(__file__).resolve().parent.parent
router = new_router(tags=["operations"], dependencies=[Depends(refuse_query_parameters)])


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@lru_cache
def schema_head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


class Liveness(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    schema_: str = Field(alias="schema", description="The Alembic revision the database is at.")


@router.get(
    "/healthz",
    summary="Liveness",
    description="200 while the process serves requests.",
    responses={200: {"model": Liveness}, **problem_responses(400)},
)
def healthz():
    return json_response({"status": "ok"})


@router.get(
    "/readyz",
    summary="Readiness",
    description="200 when the database answers, a connection is free within DB_POOL_TIMEOUT "
    "and the schema is at the latest migration; the container health checks use it.",
    responses={200: {"model": Readiness}, **problem_responses(400, 503)},
)
def readyz(session: SessionDep):
    head = schema_head()
    try:
        current = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except PoolTimeout:
        raise ProblemError(
            503,
            "not-ready",
            "Not ready",
            f"No database connection came free within {session.get_bind().pool.timeout():g} s:"
            " every one of this worker's connections is in use.",
            headers={"Retry-After": "5"},
        ) from None
    except SQLAlchemyError:
        raise ProblemError(
            503,
            "not-ready",
            "Not ready",
            "The database cannot be reached or has not been migrated.",
            headers={"Retry-After": "5"},
        ) from None
    if current != head:
        raise ProblemError(
            503,
            "not-ready",
            "Not ready",
            f"The database schema is at {current!r}; this release needs {head!r}.",
            headers={"Retry-After": "5"},
        )
    return json_response({"status": "ready", "schema": head})
