"""How a request finds its route: one flat list on the app's router, each route turning away a
path that cannot be its own with one string comparison.

FastAPI 0.165 keeps every `include_router` as a nested inclusion and tries them one by one, at
about 30 µs an inclusion; a flat list of plain routes costs about 1 µs a route in FastAPI's
own `matches`. With some 120 routes that put hundreds of microseconds in front of a 1 ms list
answer (bench/results/NOTES.md). So the routers are built with `Route`, whose `matches` first
compares the path with the route's literal part (all of a fixed path, or what precedes its
first `{parameter}`), and `serve` lays their routes out flat on the app's router. Even so the
loop asked some twenty routes before a record's; `RouteIndex` asks only those that can match a
path with the same first two segments, in the router's order, so the first full match is the
one the router's own loop would pick.
"""

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from app.compat import TELEMETRY_SCOPE_KEY, route_through

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


def _segments(path: str) -> tuple[str, ...]:
    """The first two segments of a path (`/v1/visits/12` → `("v1", "visits")`)."""
    return tuple(path.split("/", 3)[1:3])


def _segments_fixed(route) -> bool:
    """Whether every path `route` matches starts with the segments of its literal part: a fixed
    path, or a literal that reaches past the second segment's end."""
    return isinstance(route, Route) and (route.exact or route.literal.count("/") >= 3)


class RouteIndex:
    """The app router's entry for HTTP requests: tries only the routes that can match the
    path, then leaves whatever none of them answers in full (a 405, a redirect, a 404, a
    root path) to the router's own loop. Built again whenever the router's list changes
    length, as it does while an app is put together."""

    def __init__(self, router: Router, app: ASGIApp) -> None:
        self.router, self.app = router, app
        self.size = -1

    def _build(self) -> None:
        routes = self.router.routes
        anywhere: list[int] = []
        by_segments: dict[tuple[str, ...], list[int]] = {}
        for i, route in enumerate(routes):
            if _segments_fixed(route):
                by_segments.setdefault(_segments(route.literal), []).append(i)
            else:
                anywhere.append(i)
        self.anywhere = tuple(routes[i] for i in anywhere)
        self.candidates = {
            key: tuple(routes[i] for i in sorted([*fixed, *anywhere]))
            for key, fixed in by_segments.items()
        }
        self.size = len(routes)

    def full_match(self, scope: Scope) -> tuple[BaseRoute, Scope] | None:
        """The first route that matches the request in full, with its child scope."""
        if len(self.router.routes) != self.size:
            self._build()
        for route in self.candidates.get(_segments(scope["path"]), self.anywhere):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                return route, child_scope
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # FastAPI's telemetry is told of the route by its loop: with it on, the loop decides.
        if (
            scope["type"] == "http"
            and not scope.get("root_path")
            and TELEMETRY_SCOPE_KEY not in scope
        ):
            found = self.full_match(scope)
            if found is not None:
                route, child_scope = found
                # What the router's loop does with a full match of a plain route.
                scope.setdefault("router", self.router)
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
        await self.app(scope, receive, send)


def index_routes(app: FastAPI) -> None:
    """Puts a `RouteIndex` in front of the app router's loop (see app.compat)."""
    route_through(app.router, lambda loop: RouteIndex(app.router, loop))
