"""Progress bars: drawn on a terminal, silent in pipes and under CI."""

import io

import pytest

from app.progress import progress, track


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def not_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)


def test_a_terminal_sees_the_bar_grow_to_the_end():
    stream = FakeTerminal()
    with progress("seeding", total=4, stream=stream) as bar:
        for _ in range(4):
            bar.advance()
    frames = stream.getvalue().split("\r")[1:]
    assert frames == [
        "seeding [------------------------------]   0% 0/4",
        "seeding [#######-----------------------]  25% 1/4",
        "seeding [###############---------------]  50% 2/4",
        "seeding [######################--------]  75% 3/4",
        "seeding [##############################] 100% 4/4",
        "seeding [##############################] 100% 4/4\n",
    ]


def test_redraws_only_when_the_percentage_changes():
    stream = FakeTerminal()
    with progress("synth", total=100_000, stream=stream) as bar:
        for _ in range(1000):
            bar.advance(100)
    # 0% … 100%, then the closing frame
    assert stream.getvalue().count("\r") == 102
    assert stream.getvalue().endswith("synth [##############################] 100% 100000/100000\n")


def test_track_yields_every_item_and_counts_them():
    stream = FakeTerminal()
    assert list(track(["a", "b"], "export", stream=stream)) == ["a", "b"]
    assert stream.getvalue().endswith("export [##############################] 100% 2/2\n")


def test_a_pipe_gets_nothing():
    stream = io.StringIO()  # not a terminal
    with progress("seeding", total=3, stream=stream) as bar:
        bar.advance(3)
    assert stream.getvalue() == ""


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_ci_gets_nothing_even_on_a_terminal(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    stream = FakeTerminal()
    with progress("seeding", total=3, stream=stream) as bar:
        bar.advance(3)
    assert stream.getvalue() == ""


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_ci_switched_off_still_draws(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    stream = FakeTerminal()
    with progress("seeding", total=1, stream=stream) as bar:
        bar.advance()
    assert stream.getvalue().endswith("100% 1/1\n")
