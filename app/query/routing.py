"""Routes that read their query model from the query string in one validation step.

FastAPI extracts a query model field by field, and the grammar gives a list a hundred or more
fields; `OneStepQuery` validates the query string into the model with one `model_validate`.
The route's own dependant keeps the model as `Query()`, so OpenAPI documents every parameter
and error answers name them (app.errors) from the same model; `filter[key]=value` reaches the
model as `key=value` (app.query.filter_param). A route's `shortcut`, when set,
is asked first and answers without dependency solving (app.query.lists, app.query.records);
None from it leaves the request to the endpoint, whose validation names what is wrong.
"""

import dataclasses
from collections.abc import Awaitable, Callable

from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from app.query.filter_param import as_given, flat_query
from app.routing import Route


class OneStepQuery(Route):
    shortcut: Callable[[Request], Awaitable[Response | None]] | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        endpoint = self.app

        # The shortcut's answer goes out without FastAPI's request wrapper (its two exit stacks
        # and exception layer): the shortcut opens no dependency, and an exception it raises
        # reaches the same handlers one layer out, in ExceptionMiddleware.
        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            if self.shortcut is not None:
                response = await self.shortcut(Request(scope, receive, send))
                if response is not None:
                    await response(scope, receive, send)
                    return
            await endpoint(scope, receive, send)

        self.app = answer

    def get_route_handler(self):
        documented = self.dependant
        self.dependant = _one_step(documented)
        try:
            return super().get_route_handler()
        finally:
            self.dependant = documented  # what OpenAPI and error answers read


def _one_step(dependant: Dependant) -> Dependant:
    """`dependant` with its query model parsed by one `model_validate` call."""
    models = [f for f in dependant.query_params if _is_model(f.field_info.annotation)]
    if not models:
        return dependant
    (field,) = models
    return dataclasses.replace(
        dependant,
        query_params=[f for f in dependant.query_params if f is not field],
        dependencies=[
            *dependant.dependencies,
            get_dependant(
                path=dependant.path or "",
                call=_parser(field.field_info.annotation),
                name=field.name,
            ),
        ],
    )


def _is_model(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _parser(model: type[BaseModel]):
    def parse(request: Request) -> BaseModel:
        try:
            return model.model_validate(flat_query(request.query_params, model))
        except ValidationError as error:
            raise RequestValidationError(
                [
                    {**e, "loc": ("query", *_as_given(e["loc"], request))}
                    for e in error.errors(include_url=False)
                ]
            ) from None

    return parse


def _as_given(loc: tuple, request: Request) -> tuple:
    """An error's location with the parameter named as the request gave it."""
    return (as_given(loc[0], request.query_params), *loc[1:]) if loc else loc
