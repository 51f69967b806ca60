"""An application and its engine are freed once nothing uses them: the tests make hundreds, and
each one kept alive (with its routes, models, threads and compiled statements) made every later
garbage collection slower."""

import gc
import weakref

from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine

PATHS = (
    "/",
    "/docs",
    "/healthz",
    "/metrics",
    "/openapi.json",
    "/openapi/curation.json",
    "/v1",
    "/v1/meta",
    "/v1/summits?country=uz",
    "/v1/summits/1",
    "/v1/stats/summits?group_by=country",
    "/v1/countries/uz/profile",
    "/v1/search?q=tashkent",
    "/v1/changes?limit=1",
    "/v1/summits?format=csv",
)


def test_an_app_and_its_engine_are_freed_after_use(database_factory):
    def use() -> tuple[weakref.ref, weakref.ref]:
        engine = seeded_engine(database_factory())
        app = app_for(engine)
        with OneHopClient(app) as client:
            for path in PATHS:
                assert client.get(path).status_code == 200, path
        engine.dispose()
        return weakref.ref(app), weakref.ref(engine)

    # The second app: the first may fill caches that are meant to live as long as the process.
    use()
    app, engine = use()
    gc.collect()
    assert app() is None
    assert engine() is None
