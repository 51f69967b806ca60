"""How a request finds its route: one flat list on the app's router, each route turning away a
path that cannot be its own with one string comparison.

FastAPI 0.165 keeps every `include_router` as a nested inclusion and tries them one by one, at
about 30 µs an inclusion; a flat list of plain routes costs about 1 µs a route in FastAPI's
own `matches`. With some 120 routes that put hundreds of microseconds in front of a 1 ms list
answer (bench/results/NOTES.md). So the routers are built with `Route`, whose `matches` first
compares the path with the route's literal part (all of a fixed path, or what precedes its
first `{parameter}`), and `serve` lays their routes out flat on the app's router.
"""

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

NO_MATCH = (Match.NONE, {})


class Route(APIRoute):
    def __init__(self, path: str, *args, **kwargs) -> None:
        super().__init__(path, *args, **kwargs)
        literal, brace, _ = path.partition("{")
        self.literal, self.exact = literal, not brace

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope["path"]
        differs = path != self.literal if self.exact else not path.startswith(self.literal)
        if differs and not scope.get("root_path"):  # under a root path, FastAPI strips it
            return NO_MATCH
        return super().matches(scope)


def new_router(**options) -> APIRouter:
    """An `APIRouter` whose routes are `Route`s (or a subclass given as `route_class`)."""
    options.setdefault("route_class", Route)
    return APIRouter(**options)


def serve(app: FastAPI, *routers: APIRouter) -> None:
    """Adds the routers' routes to the app's own list, in order, without nesting them."""
    for router in routers:
        for route in router.routes:
            if not isinstance(route, Route):
                raise TypeError(f"{route!r} was not made by app.routing.new_router")
            app.router.routes.append(route)
