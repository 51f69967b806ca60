"""The ASGI application: routers, problem+json handlers, caching, CORS, parameter guard."""

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from app import started
from app.config import Settings, get_settings
from app.curation.redaction import install_redaction
from app.curation.router import change_routes, write_routes
from app.db import make_engine
from app.errors import install_problem_handlers
from app.export.datapackage import router as export_router
from app.export.releasing import StreamSlots
from app.head import HeadAsGet
from app.health import router as health_router
from app.meta.caching import CachingMiddleware
from app.meta.index import router as index_router
from app.meta.router import router as meta_router
from app.observability import Metrics, ObservabilityMiddleware, configure_logging, metrics_route
from app.openapi import install_openapi
from app.protection.cors import CORSMiddleware
from app.protection.headers import SecurityHeadersMiddleware
from app.protection.limits import RequestLimitsMiddleware
from app.protection.ratelimit import RateLimitMiddleware, build_limiter
from app.query.registry import Registry
from app.query.routes import read_routes
from app.registry import REGISTRY
from app.routing import Route, index_routes, serve
from app.search.router import search_routes
from app.site.router import install_site
from app.views.profile import router as profile_router
from app.views.timeline import TIMELINE

DESCRIPTION = """
Relations between the Republic of Korea and the five Central Asian republics — summits, visits,
money figures, projects, missions and the Koryo-saram diaspora — as a dataset in which every
record cites the article paragraph and footnote it comes from.

Every list filters (friendly parameters and a `field__op` grammar), sorts, selects fields,
embeds related records, searches (`q`), counts facets, pages by cursor, and streams CSV or
NDJSON. Errors are `application/problem+json` (RFC 9457) and name the parameter that was
wrong. Answers carry ETags derived from the dataset version (`/v1/meta`).

Writes need a curator token. A new record is validated like the seed files: a fact from the
article cites its paragraph, a fact from elsewhere a source with a URL and a locator. `PATCH`
and `DELETE` need `If-Match` with the record's current ETag (428 without it, 412 when someone
changed it first); a record that others still refer to cannot be deleted (409).
"""


NO_TELEMETRY = {"tracing": False, "metrics": False, "logs": False}


def create_app(
    engine: Engine | None = None,
    settings: Settings | None = None,
    read_engine: Engine | None = None,
    registry: Registry = REGISTRY,
) -> FastAPI:
    """`engine` is the primary (writes); `read_engine` serves GETs (default: a replica from
    DATABASE_READ_URL when set, else the primary). `registry`: the resources served."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Korea–Central Asia Relations API",
        version="1.0.0",
        description=DESCRIPTION,
        docs_url=None,  # served by app.site from vendored files, without a CDN
        openapi_url=None,  # served by app.openapi, which refuses query parameters
        redoc_url=None,
        telemetry=None if settings.opentelemetry else NO_TELEMETRY,
    )
    app.state.registry = registry
    app.state.settings = settings
    app.state.streams = StreamSlots(settings.streams_per_client)
    app.state.engine = engine or make_engine(settings.database_url, settings)
    if read_engine is None and settings.database_read_url:
        read_engine = make_engine(settings.database_read_url, settings)
    app.state.read_engine = read_engine or app.state.engine
    engines = {"primary": app.state.engine}
    if app.state.read_engine is not app.state.engine:
        engines["read"] = app.state.read_engine
    app.state.metrics = Metrics(engines)
    configure_logging(settings.log_level)
    install_redaction()
    install_problem_handlers(app)
    app.router.route_class = Route  # for routes added with app.get (the document, metrics)
    install_openapi(app)

    # Reads ahead of writes: a GET then turns away fewer routes before it finds its own.
    serve(
        app,
        health_router,
        *(read_routes(resource) for resource in registry.resources),
        change_routes(registry),
        profile_router,
        read_routes(TIMELINE, record=False, stats=False),
        search_routes(registry),
        meta_router,
        index_router,
        export_router,
        *(write_routes(resource) for resource in registry.resources),
    )

    install_site(app)

    metrics_route(app)
    index_routes(app)

    app.state.limiter = build_limiter(settings)
    app.add_middleware(HeadAsGet)  # innermost: see app.head
    app.add_middleware(CachingMiddleware)
    app.add_middleware(RateLimitMiddleware, limiter=app.state.limiter)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origin_list,
        allow_methods=["GET"],
        expose_headers=[
            "Link",
            "ETag",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "Retry-After",
            "X-Request-ID",
        ],
    )
    app.add_middleware(RequestLimitsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    # Outermost: times and counts every answer, including those the layers above make.
    app.add_middleware(ObservabilityMiddleware, metrics=app.state.metrics)
    return app


app = create_app()
started()
