"""A progress bar for long commands, drawn on stderr only when a person is watching.

    from app.progress import progress

    with progress("seeding", total=12) as bar:
        for step in steps:
            do(step)
            bar.advance()            # or bar.advance(rows_in_batch)

It draws when the stream is a terminal and `CI` is not set (to anything but "", "0" or
"false"); otherwise it writes nothing at all, so logs and pipes stay clean. Redraws are
throttled to whole-percent changes, so calling `advance` per row costs almost nothing.
"""

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
WIDTH = 30


def interactive(stream: TextIO) -> bool:
    """True when `stream` is a terminal and we are not running under CI."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(0, total)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = interactive(self.stream)
        self._drawn: int | None = None  # the per-mille last drawn

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count) if self.total else self.done + count
        self._draw()

    def _draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        permille = 1000 * self.done // self.total if self.total else 1000
        if permille // 10 == (self._drawn if self._drawn is not None else -1) // 10 and not final:
            return
        self._drawn = permille
        filled = WIDTH * permille // 1000
        bar = "#" * filled + "-" * (WIDTH - filled)
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        end = "\n" if final else ""
        self.stream.write(f"\r{self.label} [{bar}] {permille // 10:3d}% {count}{end}")
        self.stream.flush()

    def close(self) -> None:
        self._draw(final=True)
        self.enabled = False  # closing twice draws once

    def __enter__(self) -> "Progress":
        self._draw()
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def progress(label: str, total: int, stream: TextIO | None = None) -> Progress:
    """A bar for `total` units of work; use as a context manager and call `advance(n)`."""
    return Progress(label, total, stream)


def track(items: Iterable[T], label: str, total: int | None = None, stream=None) -> Iterator[T]:
    """Yields `items`, advancing a bar by one per item (`total` defaults to `len(items)`)."""
    if total is None:
        total = len(items)  # type: ignore[arg-type]
    with progress(label, total, stream) as bar:
        for item in items:
            yield item
            bar.advance()
