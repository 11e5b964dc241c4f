"""Command line: ``behovsmelding read | check | demo | export | restore``.

Every failure a user can cause ends as one Norwegian line on stderr that names the file and
the reason; a traceback is shown only with ``--debug``. Exit status (the same for every
subcommand, so that scripts can rely on it):

* 0 - everything went well (``check``: no finding of severity "feil");
* 1 - ``check`` found at least one "feil";
* 2 - at least one file could not be read (the other files are still handled), or the command
  line was wrong;
* 3 - unexpected error, i.e. a bug in this program.

When several apply, the highest wins.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import logging
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .checks import SEVERITIES, Finding, check
from .demo import format_counts
from .readers import SUPPORTED, Lesing, ReadError, read_bytes, read_path, read_path_with_result
from .record import Behovsmelding

EXIT_OK = 0
EXIT_FEIL = 1
EXIT_UNREADABLE = 2
EXIT_UNEXPECTED = 3

_EXIT_HELP = """\
avslutningsstatus:
  0  alt gikk bra (check: ingen funn med alvorlighet «feil»)
  1  check: minst ett funn med alvorlighet «feil»
  2  minst én fil kunne ikke leses (de andre filene blir likevel behandlet),
     eller feil bruk av kommandoen
  3  uventet feil (en programfeil; kjør med --debug for detaljer)
  Når flere gjelder, vinner det høyeste tallet.
"""

_READ_HELP = """\
Med én FIL og uten --out skrives posten som JSON (behovsmelding-v1) til stdout.
Med --out DIR skrives DIR/<filnavn uten endelse>.json for hver fil; en fil som ikke kan
leses gir én linje på stderr («feil: FIL: grunn»), og resten av filene blir likevel lest.
Avslutningsstatus er 0 når alle filene ble lest og 2 når minst én ikke kunne leses
(som grep: status 2 betyr at noe ikke kunne leses, selv om resten gikk bra).
"""

_CHECK_HELP = """\
Leser hver FIL og kontrollerer posten. Funnene skrives gruppert per dokument, de
alvorligste først. Med --json skrives én JSON-liste med
{"fil", "kode", "alvorlighet", "felt", "melding"}.
Avslutningsstatus: 0 uten funn av typen «feil», 1 med minst én «feil», 2 når en fil ikke
kunne leses.
"""


# argparse builds its own messages through gettext's ``_()`` / ``ngettext()``; these are
# their Norwegian texts (the msgids of Python 3.11-3.13; one that is missing stays English).
_ARGPARSE_NB = {
    "usage: ": "bruk: ",
    "positional arguments": "argumenter",
    "options": "valg",
    "show this help message and exit": "vis denne hjelpen og avslutt",
    "show program's version number and exit": "vis versjonen og avslutt",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse må være med: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldig valg: %(value)r (velg blant %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "%(value)r er ikke et gyldig %(type)s",
    "expected one argument": "mangler verdi",
    "expected at most one argument": "tar høyst én verdi",
    "expected at least one argument": "mangler minst én verdi",
    "not allowed with argument %s": "kan ikke brukes sammen med %s",
    "ignored explicit argument %r": "tar ingen verdi (fikk %r)",
    "one of the arguments %s is required": "ett av argumentene %s må være med",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydig valg: %(option)s kan være %(matches)s"
    ),
    "unexpected option string: %s": "uventet valg: %s",
    "can't open '%(filename)s': %(error)s": "kan ikke åpne «%(filename)s»: %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: feil: %(message)s\n",
}
_ARGPARSE_NB_PLURAL = {"expected %s argument": ("ventet %s verdi", "ventet %s verdier")}


def _nb(message: str) -> str:
    return _ARGPARSE_NB.get(message, message)


def _nb_plural(singular: str, plural: str, n: int) -> str:
    one, many = _ARGPARSE_NB_PLURAL.get(singular, (singular, plural))
    return one if n == 1 else many


@contextlib.contextmanager
def _norwegian_argparse() -> Iterator[None]:
    """argparse's own texts in Norwegian while our parser runs (restored after, so another
    parser in the same process, e.g. Django's, keeps its language)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _nb, _nb_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def heltall(text: str) -> int:
    """An ``int`` argument whose type reads "heltall" in argparse's error message."""
    return int(text)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Our help texts keep their own line breaks (the exit status tables)."""


class _Parser(argparse.ArgumentParser):
    """argparse with Norwegian help and usage errors, and our exit status for them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["formatter_class"] = _Formatter
        with _norwegian_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _norwegian_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _norwegian_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _norwegian_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _norwegian_argparse():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"feil: {message}\n")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Run:
    """What one command invocation reports: error lines on stderr and the exit status."""

    def __init__(self, debug: bool, err: TextIO) -> None:
        self.debug = debug
        self.err = err
        self.status = EXIT_OK

    def raise_status(self, status: int) -> None:
        self.status = max(self.status, status)

    def unreadable(self, fil: str, grunn: str) -> None:
        print(f"feil: {_one_line(fil)}: {_one_line(grunn)}", file=self.err)
        self.raise_status(EXIT_UNREADABLE)

    def unexpected(self, fil: str | None, exc: BaseException) -> None:
        where = f"{_one_line(fil)}: " if fil else ""
        hint = "" if self.debug else "; kjør med --debug for detaljer"
        print(
            f"feil: {where}uventet feil ({type(exc).__name__}: {_one_line(str(exc))}){hint}",
            file=self.err,
        )
        if self.debug:
            traceback.print_exception(exc, file=self.err)
        self.raise_status(EXIT_UNEXPECTED)

    def read_result(self, fil: str) -> Lesing | None:
        """The reading of one file (record and unreadable fields), or None after reporting
        why it could not be read."""
        try:
            return read_path_with_result(fil)
        except ReadError as e:
            self.unreadable(fil, e.grunn)
        except Exception as e:  # last resort: a reader bug must not stop the batch
            self.unexpected(fil, e)
        return None

    def read(self, fil: str, data: bytes | None = None) -> Behovsmelding | None:
        """The record of one file (or of ``data`` named ``fil``), or None after reporting
        why it could not be read."""
        try:
            return read_path(fil) if data is None else read_bytes(data, fil)
        except ReadError as e:
            self.unreadable(fil, e.grunn)
        except Exception as e:  # last resort: a reader bug must not stop the batch
            self.unexpected(fil, e)
        return None


# ---------------------------------------------------------------------------- read


_OS_REASONS = {
    errno.EEXIST: "det finnes allerede en fil med det navnet",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EACCES: "mangler tilgang",
    errno.EPERM: "mangler tilgang",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENOSPC: "disken er full",
    errno.EISDIR: "det finnes en mappe med det navnet",
}


def _os_reason(e: OSError) -> str:
    return _OS_REASONS.get(e.errno or 0, e.strerror or type(e).__name__)


def _write_atomic(path: Path, text: str) -> None:
    """Write text so that a crash never leaves half a file behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def cmd_read(args: argparse.Namespace, run: _Run, out: TextIO) -> None:
    files: list[str] = args.files
    if args.out is None:
        record = run.read(files[0])
        if record is not None:
            print(record.to_json(indent=2), file=out)
        return

    out_dir = Path(args.out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        run.unreadable(str(out_dir), f"kan ikke lage mappen ({_os_reason(e)})")
        return
    written: dict[str, str] = {}
    for fil in files:
        target = out_dir / f"{Path(fil).stem}.json"
        if target.name in written:
            run.unreadable(
                fil,
                f"har samme navn som {written[target.name]}; {target.name} skrives ikke to ganger",
            )
            continue
        record = run.read(fil)
        if record is None:
            continue
        try:
            _write_atomic(target, record.to_json(indent=2) + "\n")
        except OSError as e:
            run.unreadable(fil, f"kan ikke skrive {target} ({_os_reason(e)})")
            continue
        written[target.name] = fil
    failed = len(files) - len(written)
    print(
        f"{len(written)} av {len(files)} filer lest til {out_dir}"
        + (f"; {failed} feilet" if failed else ""),
        file=run.err,
    )


# ---------------------------------------------------------------------------- check


def _severity_rank(f: Finding) -> int:
    try:
        return SEVERITIES.index(f.alvorlighet)
    except ValueError:
        return len(SEVERITIES)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.alvorlighet] = counts.get(f.alvorlighet, 0) + 1
    return counts


def _format_findings(findings: Sequence[Finding]) -> str:
    """The checks module's own text layout when it has one, else a plain table."""
    from . import checks

    formatter: Callable[[Sequence[Finding]], str] | None = getattr(
        checks, "format_findings_text", None
    )
    if formatter is not None:
        return formatter(findings).rstrip("\n")
    lines = [format_counts(count_by_severity(findings)) + "."]
    width = max((len(f.alvorlighet) for f in findings), default=0)
    lines += [f"{f.alvorlighet:<{width}}  {f.kode}  {f.felt}: {f.melding}" for f in findings]
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace, run: _Run, out: TextIO) -> None:
    rows: list[dict[str, str]] = []
    printed = False
    for fil in args.files:
        lesing = run.read_result(fil)
        if lesing is None:
            continue
        try:
            findings = sorted(check(lesing.record, uleselig=lesing.uleselig), key=_severity_rank)
        except Exception as e:  # a bug in one rule must not hide the other documents
            run.unexpected(fil, e)
            continue
        if any(f.alvorlighet == "feil" for f in findings):
            run.raise_status(EXIT_FEIL)
        if args.json:
            rows.extend({"fil": fil, **f.to_dict()} for f in findings)
            continue
        if printed:
            print(file=out)
        print(fil, file=out)
        print(textwrap.indent(_format_findings(findings), "  "), file=out)
        printed = True
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)


# ---------------------------------------------------------------------------- demo


def cmd_demo(args: argparse.Namespace, run: _Run, out: TextIO) -> None:
    from .demo import demo_documents, format_summary

    for name, data in demo_documents():
        record = run.read(name, data)
        if record is None:
            continue
        try:
            findings = check(record)
        except Exception as e:
            run.unexpected(name, e)
            continue
        print(format_summary(name, record, count_by_severity(findings)), file=out)
        print(file=out)


# ---------------------------------------------------------------------------- export / restore

_EXPORT_HELP = """\
Eksporterer lagrede behovsmeldinger fra databasen (DATABASE_URL, ellers SQLite-filen under
var/) med de samme eksportørene og filtrene som nettsiden:
  xlsx   Excel med arket «Tiltak» (én rad per tiltak) og «Funn» (alle funn); krever --out
  json   behovsmelding-v1: én post som objekt (--id N), ellers en liste
Med --all MÅL skrives en full sikkerhetskopi i stedet (poster, originalfiler, statuser,
kommentarer, hendelseslogg, brukere og partnerskap): en mappe, eller en zip-fil når MÅL
slutter på .zip. Les den inn igjen med «behovsmelding restore MÅL».
"""

_RESTORE_HELP = """\
Leser en sikkerhetskopi fra «behovsmelding export --all» inn i en tom database (tabellene
lages om de mangler). Kontrollsummen til hver fil sjekkes først; en database som allerede
har innhold blir ikke endret.
"""

_FILTERS = ("aar", "skjema", "ordning", "nettverk", "eier", "uh", "status", "feil", "q")


def _setup_django(run: _Run) -> bool:
    try:
        from .web.exporters import setup_django

        setup_django()
    except ModuleNotFoundError as e:
        # Most likely `pip install behovsmelding` without the extra that export/restore need.
        hint = "er webdelen installert? pip install 'behovsmelding[web]'"
        run.unreadable("oppsett", f"kan ikke sette opp Django ({e}; {hint})")
        return False
    except Exception as e:  # e.g. a DATABASE_URL that cannot be parsed
        run.unreadable("oppsett", f"kan ikke sette opp Django ({_one_line(str(e))})")
        return False
    return True


def _database_reason(e: Exception) -> str:
    text = _one_line(str(e)).split(" LINE ")[0]
    if "no such table" in text or "does not exist" in text:
        return f"databasen er ikke satt opp (kjør «manage.py migrate»): {text}"
    return f"kan ikke bruke databasen ({text})"


def cmd_export(args: argparse.Namespace, run: _Run, out: TextIO) -> None:
    if args.all is None and args.format is None:
        run.unreadable("export", "oppgi et format (xlsx eller json) eller --all MÅL")
        return
    if args.all is not None and args.format is not None:
        run.unreadable("export", "--all tar ikke et format; sikkerhetskopien har sitt eget")
        return
    if args.format == "xlsx" and args.out is None:
        run.unreadable("export", "Excel må skrives til en fil: bruk --out FIL.xlsx")
        return
    if not _setup_django(run):
        return
    from django.db import Error as DatabaseError

    from .web import backup
    from .web.exporters import export_stored

    try:
        if args.all is not None:
            summary = backup.write_backup(Path(args.all))
            print(f"Sikkerhetskopi skrevet til {args.all}: {summary}", file=run.err)
            return
        filters = {k: str(v) for k in _FILTERS if (v := getattr(args, k)) not in (None, "")}
        kwargs: dict[str, Any] = {"ids": args.ids, "region": args.region, "filters": filters}
        if args.out is None:
            n = export_stored(args.format, sys.stdout.buffer, **kwargs)
            sys.stdout.buffer.flush()
        else:
            target = Path(args.out)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                with tmp.open("wb") as f:
                    n = export_stored(args.format, f, **kwargs)
                tmp.replace(target)
            finally:
                tmp.unlink(missing_ok=True)
            what = "tiltaksrader" if args.format == "xlsx" else "behovsmeldinger"
            print(f"Skrev {n} {what} til {target}.", file=run.err)
    except backup.BackupError as e:
        run.unreadable(str(args.all), str(e))
    except ValueError as e:
        run.unreadable("export", str(e))
    except BrokenPipeError:
        raise
    except OSError as e:
        run.unreadable(str(args.out or args.all), f"kan ikke skrive ({_os_reason(e)})")
    except DatabaseError as e:
        run.unreadable("database", _database_reason(e))


def cmd_restore(args: argparse.Namespace, run: _Run, out: TextIO) -> None:
    if not _setup_django(run):
        return
    from django.db import Error as DatabaseError

    from .web import backup

    try:
        summary = backup.restore_backup(Path(args.source))
    except backup.BackupError as e:
        run.unreadable(args.source, str(e))
    except DatabaseError as e:
        run.unreadable("database", _database_reason(e))
    else:
        print(f"Gjenopprettet fra {args.source}: {summary}", file=run.err)


# ---------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="behovsmelding",
        description="Les og kontroller behovsmeldinger (kollektiv kompetanseutvikling).",
        epilog=_EXIT_HELP,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="vis versjonen"
    )
    parser.add_argument("--debug", action="store_true", help="vis full traceback ved uventede feil")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True)

    p_read = sub.add_parser(
        "read",
        help="les dokumenter til behovsmelding-v1 JSON",
        description=f"Les dokumenter ({', '.join(SUPPORTED)}) til behovsmelding-v1 JSON.",
        epilog=_READ_HELP + "\n" + _EXIT_HELP,
    )
    p_read.add_argument("files", nargs="+", metavar="FIL", help="dokument(er) som skal leses")
    p_read.add_argument("--out", metavar="DIR", help="skriv DIR/<navn>.json for hver fil")
    p_read.set_defaults(func=cmd_read)

    p_check = sub.add_parser(
        "check",
        help="kontroller dokumenter og vis funn",
        description="Les dokumenter og kontroller dem.",
        epilog=_CHECK_HELP + "\n" + _EXIT_HELP,
    )
    p_check.add_argument(
        "files", nargs="+", metavar="FIL", help="dokument(er) som skal kontrolleres"
    )
    p_check.add_argument("--json", action="store_true", help="skriv funnene som én JSON-liste")
    p_check.set_defaults(func=cmd_check)

    p_demo = sub.add_parser(
        "demo",
        help="les de fem eksempeldokumentene og vis et sammendrag",
        description="Leser de fem eksempeldokumentene som følger med pakken og viser et "
        "sammendrag per dokument: eier, år, skjema, tiltak/budsjett og antall funn.",
        epilog=_EXIT_HELP,
    )
    p_demo.set_defaults(func=cmd_demo)

    p_export = sub.add_parser(
        "export",
        help="eksporter lagrede behovsmeldinger (Excel/JSON) eller en full sikkerhetskopi",
        description="Eksporter lagrede behovsmeldinger.",
        epilog=_EXPORT_HELP + "\n" + _EXIT_HELP,
    )
    p_export.add_argument(
        "format", nargs="?", choices=("xlsx", "json"), metavar="FORMAT", help="xlsx eller json"
    )
    p_export.add_argument("--out", metavar="FIL", help="fil å skrive til (json: ellers stdout)")
    p_export.add_argument(
        "--all", metavar="MÅL", help="full sikkerhetskopi til mappen MÅL (eller MÅL.zip)"
    )
    p_export.add_argument(
        "--id", type=heltall, action="append", dest="ids", metavar="ID", help="bare denne id"
    )
    p_export.add_argument("--region", help="bare denne regionen (navn)")
    p_export.add_argument("--aar", help="bare dette året")
    p_export.add_argument("--skjema", help="lokal-2024 eller kollektiv-2026")
    p_export.add_argument("--ordning", help="regional, desentralisert, kompetanseloftet, …")
    p_export.add_argument("--nettverk", help="kompetansenettverk")
    p_export.add_argument("--eier", help="eier (slik navnet står)")
    p_export.add_argument("--uh", help="institusjonens id")
    p_export.add_argument("--status", help="mottatt, under_behandling, …")
    p_export.add_argument("--feil", choices=("ja", "nei"), help="bare med/uten feil")
    p_export.add_argument("--q", metavar="SØK", help="fritekstsøk (alle ord må finnes)")
    p_export.set_defaults(func=cmd_export)

    p_restore = sub.add_parser(
        "restore",
        help="les en sikkerhetskopi inn i en tom database",
        description="Gjenopprett en tom database fra en sikkerhetskopi.",
        epilog=_RESTORE_HELP + "\n" + _EXIT_HELP,
    )
    p_restore.add_argument("source", metavar="KILDE", help="mappe eller .zip fra export --all")
    p_restore.set_defaults(func=cmd_restore)

    for p in (p_read, p_check, p_demo, p_export, p_restore):
        # Accept --debug after the subcommand too; SUPPRESS keeps the top-level value otherwise.
        p.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # pypdf logs its repairs of broken files ("EOF marker not found") as warnings; the reader
    # turns what matters into a ReadError, so the user sees one Norwegian line, not both.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version and usage errors
        return e.code if isinstance(e.code, int) else EXIT_UNREADABLE
    if args.command == "read" and args.out is None and len(args.files) > 1:
        try:
            parser.error("flere filer krever --out DIR")
        except SystemExit as e:
            return e.code if isinstance(e.code, int) else EXIT_UNREADABLE
    run = _Run(debug=args.debug, err=sys.stderr)
    try:
        args.func(args, run, sys.stdout)
        sys.stdout.flush()
    except KeyboardInterrupt:
        print("avbrutt", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); nothing more to say to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return run.status
    except Exception as e:
        run.unexpected(None, e)
    return run.status


if __name__ == "__main__":
    sys.exit(main())
