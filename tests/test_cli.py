"""The command line: output, batch behaviour past bad files, exit status, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from behovsmelding import __version__, checks, cli
from behovsmelding.checks import Finding
from behovsmelding.demo import demo_documents, format_kroner
from behovsmelding.readers import Lesing, read_path
from behovsmelding.record import Behovsmelding

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []
needs_seeds = pytest.mark.skipif(
    len(SEEDS) < 2, reason=f"seed documents not found in {SHARED / 'seeds'} (shared folder)"
)


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it: its own process, so that nothing is hidden by pytest."""
    return subprocess.run(
        [sys.executable, "-m", "behovsmelding.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("feil: ")]


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    """One file for each way a document can fail to be a behovsmelding."""
    files = {
        "tom.txt": b"",
        "søppel.txt": random.Random(7).randbytes(4096),
        "referat.txt": "Referat fra møte i samarbeidsforum\n\nTil stede: Kari, Ola\n"
        "Sak 1: Budsjett for 2026\nVedtak: Saken utsettes.\n".encode(),
    }
    if SEEDS:
        head = SEEDS[1].read_bytes().splitlines(keepends=True)[:10]
        files["avkortet.txt"] = b"".join(head)
    out = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        out[name] = tmp_path / name
    return out


# ---------------------------------------------------------------------------- read


@needs_seeds
def test_read_prints_the_record_as_indented_json() -> None:
    result = run_cli("read", SEEDS[0])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith('{\n  "format": "behovsmelding-v1",\n')
    assert json.loads(result.stdout) == read_path(SEEDS[0]).to_dict()


SAMPLES = sorted((SHARED / "samples").glob("*.*")) if SHARED.is_dir() else []
SAMPLE_DOCS = [p for p in SAMPLES if p.suffix in (".docx", ".pdf")]


@pytest.mark.parametrize("doc", SAMPLE_DOCS, ids=[p.name for p in SAMPLE_DOCS])
def test_read_takes_docx_and_pdf(doc: Path) -> None:
    result = run_cli("read", doc)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    expected = json.loads(doc.with_suffix(".json").read_text("utf-8"))
    assert (record["skjema"], record["kilde"]["fil"]) == (expected["skjema"], doc.name)


def test_read_keeps_norwegian_letters_unescaped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(cli, "read_path", lambda fil: Behovsmelding(eier="Bodø kommune"))
    assert cli.main(["read", str(tmp_path / "x.txt")]) == 0
    assert '"eier": "Bodø kommune"' in capsys.readouterr().out


@needs_seeds
def test_read_batch_goes_on_past_bad_files(tmp_path: Path, bad_files: dict[str, Path]) -> None:
    first, last = SEEDS[0], SEEDS[-1]
    out = tmp_path / "ut"
    result = run_cli("read", first, *bad_files.values(), last, "--out", out)

    assert result.returncode == cli.EXIT_UNREADABLE
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{first.stem}.json", f"{last.stem}.json"]
    )
    for seed in (first, last):
        written = json.loads((out / f"{seed.stem}.json").read_text("utf-8"))
        assert written == read_path(seed).to_dict()
    errors = error_lines(result.stderr)
    assert len(errors) == len(bad_files)
    for path in bad_files.values():
        [line] = [e for e in errors if f"{path}:" in e]
        assert line.startswith(f"feil: {path}: ") and len(line) > len(f"feil: {path}: ")
    assert "feil: " + str(bad_files["tom.txt"]) + ": filen er tom" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_read_batch_where_every_file_fails_writes_nothing(
    tmp_path: Path, bad_files: dict[str, Path]
) -> None:
    out = tmp_path / "ut"
    result = run_cli("read", *bad_files.values(), tmp_path / "finnes-ikke.txt", "--out", out)
    assert result.returncode == cli.EXIT_UNREADABLE
    assert list(out.iterdir()) == []
    assert len(error_lines(result.stderr)) == len(bad_files) + 1
    assert f"feil: {tmp_path / 'finnes-ikke.txt'}: filen finnes ikke" in result.stderr
    assert "Traceback" not in result.stderr


@needs_seeds
def test_read_batch_of_good_files_exits_0_and_is_idempotent(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    first = run_cli("read", *SEEDS, "--out", out)
    assert first.returncode == 0, first.stderr
    assert error_lines(first.stderr) == []
    contents = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(contents) == sorted(f"{s.stem}.json" for s in SEEDS)

    again = run_cli("read", *SEEDS, "--out", out)
    assert again.returncode == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == contents


def test_read_two_files_with_the_same_stem_does_not_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "read_path", lambda fil: Behovsmelding(tittel=str(fil)))
    a, b = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    assert cli.main(["read", str(a), str(b), "--out", str(tmp_path / "ut")]) == 2
    assert json.loads((tmp_path / "ut" / "x.json").read_text("utf-8"))["tittel"] == str(a)
    assert f"feil: {b}: har samme navn som {a}" in capsys.readouterr().err


def test_read_out_that_is_a_file_is_one_norwegian_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "ut"
    blocker.write_text("")
    assert cli.main(["read", str(tmp_path / "a.txt"), "--out", str(blocker)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"feil: {blocker}: kan ikke lage mappen (det finnes allerede en fil med det navnet)"
    ]


def test_read_several_files_without_out_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("read", tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.returncode == 2
    assert "feil: flere filer krever --out DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_unexpected_error_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(fil: Any) -> Behovsmelding:
        raise IndexError("list index out of range")

    monkeypatch.setattr(cli, "read_path", broken)
    assert cli.main(["read", "a.txt"]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "feil: a.txt: uventet feil (IndexError: list index out of range); "
        "kjør med --debug for detaljer"
    ]


def test_debug_shows_the_traceback_of_an_unexpected_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(fil: Any) -> Behovsmelding:
        raise IndexError("list index out of range")

    monkeypatch.setattr(cli, "read_path", broken)
    assert cli.main(["read", "--debug", "a.txt"]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert "feil: a.txt: uventet feil (IndexError: list index out of range)" in err
    assert "Traceback" in err


def test_unexpected_error_in_a_batch_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def sometimes(fil: Any) -> Behovsmelding:
        if "b" in Path(fil).name:
            raise KeyError("boom")
        return Behovsmelding()

    monkeypatch.setattr(cli, "read_path", sometimes)
    status = cli.main(["read", "a.txt", "b.txt", "c.txt", "--out", str(tmp_path)])
    assert status == cli.EXIT_UNEXPECTED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "c.json"]
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------------------- check

FINDINGS = {
    "a.txt": [
        Finding("KONTAKT_EPOST", "merknad", "kontaktpersoner.eier.epost", "E-post mangler"),
        Finding("SUM_TILTAK", "feil", "tiltak[0].totalt", "Sum totalt 229 900 er ikke 214 900"),
        Finding("ORGNR", "advarsel", "kontaktpersoner.eier.orgnr", "Orgnr 123 er ugyldig"),
    ],
    "b.txt": [Finding("KONTAKT_EPOST", "merknad", "kontaktpersoner.uh.epost", "E-post mangler")],
    "c.txt": [],
}


@pytest.fixture
def fake_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readers and checks replaced by known answers, so that only the CLI is under test."""
    monkeypatch.setattr(
        cli, "read_path_with_result", lambda fil: Lesing(Behovsmelding(tittel=Path(fil).name))
    )
    monkeypatch.setattr(cli, "check", lambda record, uleselig=None: list(FINDINGS[record.tittel]))


def test_check_reports_an_unreadable_amount_as_such(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    record = Behovsmelding(skjema="kollektiv-2026", tittel="x")
    monkeypatch.setattr(
        cli, "read_path_with_result", lambda fil: Lesing(record, {"tiltak[0].eier": "1 0 0"})
    )
    cli.main(["check", "--json", "a.txt"])
    rows = json.loads(capsys.readouterr().out)
    mine = [r for r in rows if r["kode"] == "ULESELIG"]
    assert mine == [
        {
            "fil": "a.txt",
            "kode": "ULESELIG",
            "alvorlighet": "advarsel",
            "felt": "tiltak[0].eier",
            "melding": "kunne ikke leses sikkert: «1 0 0»",
        }
    ]


@pytest.mark.usefixtures("fake_checks")
def test_check_json_is_one_array_of_findings_most_severe_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["check", "--json", "a.txt", "b.txt", "c.txt"]) == cli.EXIT_FEIL
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list)
    for row in rows:
        assert list(row) == ["fil", "kode", "alvorlighet", "felt", "melding"]
        assert all(isinstance(v, str) for v in row.values())
    assert [(r["fil"], r["alvorlighet"]) for r in rows] == [
        ("a.txt", "feil"),
        ("a.txt", "advarsel"),
        ("a.txt", "merknad"),
        ("b.txt", "merknad"),
    ]


@pytest.mark.usefixtures("fake_checks")
@pytest.mark.parametrize(
    ("files", "status"), [(["c.txt"], 0), (["b.txt", "c.txt"], 0), (["b.txt", "a.txt"], 1)]
)
def test_check_exit_status_is_1_only_with_a_feil(
    files: list[str], status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "--json", *files]) == status


@pytest.mark.usefixtures("fake_checks")
@pytest.mark.parametrize("own_layout", [True, False], ids=["checks-layout", "fallback-layout"])
def test_check_text_groups_findings_by_document_most_severe_first(
    own_layout: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not own_layout:
        monkeypatch.delattr(checks, "format_findings_text", raising=False)
    assert cli.main(["check", "a.txt", "c.txt"]) == cli.EXIT_FEIL
    out = capsys.readouterr().out
    assert out.startswith("a.txt\n")
    assert out.index("SUM_TILTAK") < out.index("ORGNR") < out.index("KONTAKT_EPOST")
    assert out.index("KONTAKT_EPOST") < out.index("\nc.txt\n")
    assert "1 feil, 1 advarsel, 1 merknad" in out
    assert "Sum totalt 229 900 er ikke 214 900" in out


def test_check_unreadable_file_exits_2_and_names_it(
    tmp_path: Path, bad_files: dict[str, Path]
) -> None:
    result = run_cli("check", "--json", bad_files["tom.txt"])
    assert result.returncode == cli.EXIT_UNREADABLE
    assert json.loads(result.stdout) == []
    assert error_lines(result.stderr) == [f"feil: {bad_files['tom.txt']}: filen er tom (0 byte)"]


@needs_seeds
def test_check_on_real_documents_gives_well_formed_json() -> None:
    result = run_cli("check", "--json", *SEEDS)
    assert result.returncode in (0, 1), result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    names = {str(s) for s in SEEDS}
    for row in rows:
        assert set(row) == {"fil", "kode", "alvorlighet", "felt", "melding"}
        assert row["fil"] in names
        assert row["alvorlighet"] in ("feil", "advarsel", "merknad")
    assert result.returncode == (1 if any(r["alvorlighet"] == "feil" for r in rows) else 0)


# ---------------------------------------------------------------------------- demo, misc


def test_demo_summarises_each_of_the_five_documents() -> None:
    result = run_cli("demo")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    names = [name for name, _ in demo_documents()]
    assert len(names) == 5
    for name in names:
        assert name in result.stdout
    assert result.stdout.count("  Funn:") == 5


@needs_seeds
def test_demo_documents_are_the_shared_seeds() -> None:
    assert demo_documents() == [(p.name, p.read_bytes()) for p in SEEDS]


@pytest.mark.parametrize(
    ("belop", "text"),
    [(1524914, "1 524 914 kr"), (0, "0 kr"), (50000, "50 000 kr"), (999, "999 kr"), (None, "–")],
)
def test_format_kroner(belop: int | None, text: str) -> None:
    assert format_kroner(belop) == text


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"behovsmelding {__version__}"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "behovsmelding"
    if not script.exists():
        pytest.skip(f"package not installed as a console script beside {sys.executable}")
    result = subprocess.run(
        [script, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "read" in result.stdout and "check" in result.stdout and "demo" in result.stdout


def test_usage_error_exits_2_without_traceback() -> None:
    result = run_cli("read")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("feil: ")


# argparse's own messages, in Norwegian
ENGLISH = re.compile(
    r"\b(usage|error|required|invalid|unrecognized|choose|expected|arguments?|options|"
    r"positional|show|help message|exit)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "feil: disse må være med: KOMMANDO"),
        (("check",), "feil: disse må være med: FIL"),
        (("finnes-ikke",), "feil: KOMMANDO: ugyldig valg: 'finnes-ikke' (velg blant 'read'"),
        (("read", "--bogus", "a.txt"), "feil: ukjente argumenter: --bogus"),
        (("demo", "ekstra"), "feil: ukjente argumenter: ekstra"),
        (("export", "pdf"), "feil: FORMAT: ugyldig valg: 'pdf' (velg blant 'xlsx', 'json')"),
        (("export", "--feil", "kanskje"), "feil: --feil: ugyldig valg: 'kanskje'"),
        (("export", "--id", "tolv"), "feil: --id: 'tolv' er ikke et gyldig heltall"),
        (("export", "--out"), "feil: --out: mangler verdi"),
    ],
)
def test_usage_errors_are_norwegian_with_exit_status_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert cli.main(list(args)) == cli.EXIT_UNREADABLE == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.rstrip().splitlines()
    assert lines[0].startswith("bruk: behovsmelding")
    assert lines[-1].startswith(message)
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize(
    "command", [(), ("read",), ("check",), ("demo",), ("export",), ("restore",)]
)
def test_help_of_every_command_is_norwegian(
    capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    assert cli.main([*command, "--help"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("bruk: behovsmelding")
    assert "\nvalg:\n  -h, --help " in out and "vis denne hjelpen og avslutt" in out
    assert "avslutningsstatus:" in out
    # the English left is our own vocabulary: the command names, formats and "--debug"
    assert not ENGLISH.search(out), ENGLISH.findall(out)


def test_argparse_is_english_again_after_our_parser_ran(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli.main(["finnes-ikke"])
    capsys.readouterr()
    other = argparse.ArgumentParser(prog="annen")
    assert other.format_usage().startswith("usage: annen")


# ---------------------------------------------------------------------------- export / restore


def run_cli_env(
    *args: str | Path, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI with its own database (a SQLite file) and var folder."""
    return subprocess.run(
        [sys.executable, "-m", "behovsmelding.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )


def var_env(folder: Path) -> dict[str, str]:
    return {
        "BEHOVSMELDING_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-key-for-the-cli-tests",
    }


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo's database, as `manage.py demo --no-serve` makes it: the five seeds and the
    statistics' invented history (four owners' 2025 behovsmeldinger)."""
    env = var_env(tmp_path_factory.mktemp("demo-var"))
    result = subprocess.run(
        [sys.executable, "manage.py", "demo", "--no-serve"],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return env


def test_export_json_is_every_stored_record_as_behovsmelding_v1(demo_db: dict[str, str]) -> None:
    result = run_cli_env("export", "json", env=demo_db)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 5 + 4
    for data in records:
        Behovsmelding.from_dict(data)  # valid behovsmelding-v1


def test_export_filters_like_the_web(demo_db: dict[str, str]) -> None:
    every = json.loads(run_cli_env("export", "json", env=demo_db).stdout)
    eier = every[0]["eier"]
    result = run_cli_env("export", "json", "--eier", eier, env=demo_db)
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen and {r["eier"] for r in chosen} == {eier}
    assert len(chosen) == sum(1 for r in every if r["eier"] == eier)
    year = every[0]["aar"]
    by_year = json.loads(run_cli_env("export", "json", "--aar", str(year), env=demo_db).stdout)
    assert len(by_year) == sum(1 for r in every if r["aar"] == year)


def test_export_json_of_one_id_is_an_object(demo_db: dict[str, str]) -> None:
    result = run_cli_env("export", "json", "--id", "1", env=demo_db)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "behovsmelding-v1"


def test_export_xlsx_has_a_tiltak_sheet_and_a_funn_sheet(
    demo_db: dict[str, str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "ut.xlsx"
    result = run_cli_env("export", "xlsx", "--out", out, env=demo_db)
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tiltak", "Funn"]
    # a header, a row per tiltak, a totals row
    assert str(wb["Tiltak"].cell(wb["Tiltak"].max_row, 1).value).startswith("Sum")
    rows = wb["Tiltak"].max_row - 2
    assert rows > 5
    assert f"Skrev {rows} tiltaksrader til" in result.stderr
    header = [c.value for c in next(wb["Funn"].iter_rows(max_row=1))]
    assert "Melding" in header


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "xlsx"), "Excel må skrives til en fil"),
        (("export", "json", "--aar", "20x"), "År må være et firesifret tall"),
        (("export",), "oppgi et format"),
    ],
)
def test_export_usage_errors_are_one_norwegian_line(
    demo_db: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run_cli_env(*args, env=demo_db)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in error_lines(result.stderr)[0]


def test_export_from_a_database_without_tables_says_so(tmp_path: Path) -> None:
    result = run_cli_env("export", "json", env=var_env(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "databasen er ikke satt opp" in error_lines(result.stderr)[0]
