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


@pytest.fixture
def cli_database(fresh_database_url, monkeypatch):
    """`kca` commands pointed at an empty, migrated database."""
    from app.config import get_settings
    from tests.conftest import migrate

    migrate(fresh_database_url)
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    yield fresh_database_url
    get_settings.cache_clear()


def test_kca_seed_and_export_seeds_draw_on_a_terminal(cli_database, monkeypatch, capsys, tmp_path):
    from app.cli import main
    from app.seeding import SEED_DIR, SEED_STEPS, SEED_TABLES

    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["seed"]) == 0
    bar = "#" * 30
    assert terminal.getvalue().endswith(f"\rseeding [{bar}] 100% {SEED_STEPS}/{SEED_STEPS}\n")
    assert terminal.getvalue().count("\r") == SEED_STEPS + 2  # 0%, each step, the close
    assert "summits      inserted   5" in capsys.readouterr().out

    terminal.seek(0)
    terminal.truncate()
    assert main(["export-seeds", str(tmp_path / "out")]) == 0
    total = len(SEED_TABLES)
    assert terminal.getvalue().endswith(f"\rexporting [{bar}] 100% {total}/{total}\n")
    assert "summits.csv              5 rows" in capsys.readouterr().out
    for spec in SEED_TABLES:
        exported = (tmp_path / "out" / spec.file_name).read_bytes()
        assert exported == (SEED_DIR / spec.file_name).read_bytes()


def test_kca_seed_is_quiet_in_a_pipe_and_under_ci(cli_database, monkeypatch, capsys):
    from app.cli import main

    assert main(["seed"]) == 0  # stderr is pytest's capture: not a terminal
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "summits      inserted   5" in captured.out

    monkeypatch.setenv("CI", "true")
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["seed"]) == 0
    assert terminal.getvalue() == ""
    assert "summits      inserted   0  updated   0  unchanged   5" in capsys.readouterr().out


@pytest.mark.parametrize("arguments", [["--workers", "0"], ["--workers", "2", "--reload"]])
def test_kca_serve_refuses_impossible_worker_counts(arguments, capsys):
    from app.cli import main

    assert main(["serve", *arguments]) == 2
    assert "--workers must be 1 or more, and 1 with --reload" in capsys.readouterr().err
