"""kca: the Korea–Central Asia Relations API.

Importing the application makes a few hundred thousand objects that live as long as the
process (modules, pydantic models and their schemas). The collector's frequent young passes
over them free nothing and cost about a fifth of start-up CPU, so they run less often until
app.main has built the application and calls `started`."""

import gc

_THRESHOLDS = gc.get_threshold()
gc.set_threshold(50_000, *_THRESHOLDS[1:])


def started() -> None:
    """Back to the usual collection thresholds, once the long-lived objects exist."""
    gc.set_threshold(*_THRESHOLDS)
    gc.freeze()
