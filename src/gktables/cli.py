"""Command line: `gktables extract`, `debug`, and the corpus commands `run`, `export`, `audit`, `review`."""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .api import extract
from .errors import GktablesError, InputError, NotAReportError, SettingsError
from .report import Report
from .options import add_reading_options, settings_from_args
from .settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_NO_TABLES = 0, 1, 2
EXIT_HELP = """exit status (of the whole batch):
  0  every file gave its tables
  1  at least one file failed (unreadable, damaged, too large, over the time limit, bad settings);
     each failure is one line on stderr naming the file and the reason
  2  no file failed, but at least one had no report tables
With several files, -o names a folder: each input gets <name>.json (or .csv); inputs with the same
name keep their path relative to the inputs' common folder. Outputs are written atomically.
Each file is read in a worker process: killed 0.3 s after --time-limit if still busy, its memory
capped by --memory-limit; a crash or a kill is that file's error line, and the batch goes on."""
log = logging.getLogger(__name__)


def _render(report: Report, fmt: str) -> str:
    if fmt == "csv":
        return report.to_csv()
    return report.to_json(indent=1) + "\n"


KILL_GRACE_S = 0.3  # a document still busy this long after its time limit is killed


def cmd_extract(args: argparse.Namespace) -> int:
    """A loop over documents in which nothing one document does reaches the others: each is read
    in a worker process, killed at its time limit (+ KILL_GRACE_S) and capped in memory, so a
    hang in native code, a crash or a blow-up is one line on stderr naming the file."""
    try:
        settings = Settings.resolve(settings_from_args(args), require_tables=True)
    except SettingsError as exc:
        print(f"gktables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    out = Path(args.output) if args.output else None
    folder = out is not None and (len(args.files) > 1 or out.is_dir() or args.output.endswith(("/", os.sep)))
    targets = output_names(args.files, ".csv" if args.format == "csv" else ".json") if folder else {}
    failed = no_tables = 0
    for file, report, error in _read_all(args.files, settings, args):
        if report is None or error is not None:
            print(f"gktables: {file}: {error}", file=sys.stderr)
            no_tables += report is not None
            failed += report is None
            continue
        try:
            text = _render(report, args.format)
            if out is None:
                sys.stdout.write(text)
            else:
                write_atomic(out / targets[file] if folder else out, text, root=out if folder else None)
        except OSError as exc:  # writing the output: a full disk, a folder where the file should go
            print(f"gktables: {file}: cannot write the output ({exc.strerror or exc}: {exc.filename or out})",
                  file=sys.stderr)
            failed += 1
            continue
        if args.summary or len(args.files) > 1:
            print(report.summary(), file=sys.stderr)
    if failed:
        return EXIT_FAILED
    return EXIT_NO_TABLES if no_tables else EXIT_OK


def _read_all(files: list[str], settings: Settings, args: argparse.Namespace
              ) -> Iterator[tuple[str, Report | None, str | None]]:
    """(file, report, error), file by file in order: a failure has no report and its one-line
    reason; a file without report tables an empty report and the reason; else no error."""
    method = _start_method()
    if args.in_process or method is None:
        for file in files:
            yield (file, *_read_here(file, settings))
        return
    from .corpus.tasks import Limits, Task, faults_enabled
    from .corpus.worker import WorkerPool

    limits = Limits(time_s=settings.time_limit_s, memory_mb=args.memory_limit or None, grace_s=KILL_GRACE_S)
    with WorkerPool(settings, limits, workers=1, start_method=method) as pool:
        for file in files:
            outcome = next(pool.run([Task(file, faults=faults_enabled())]))
            if outcome.status == "ok":
                report = outcome.to_report()
                assert report is not None  # an ok outcome carries its report
                report.confidence_threshold = settings.confidence_threshold
                yield file, report, None
            elif outcome.status == "no_tables":
                yield file, _empty(file), outcome.error or "no report tables recognised"
            else:
                yield file, None, outcome.error or outcome.status


def _empty(file: str) -> Report:
    return Report(source=file, template=None, meta={}, cells={}, provenance={}, checks=[], warnings=[])


def _read_here(file: str, settings: Settings) -> tuple[Report | None, str | None]:
    """Read in this process (--in-process: for debuggers and profilers; no hard stop)."""
    try:
        return extract(file, settings), None
    except NotAReportError as exc:
        return _empty(file), exc.reason
    except InputError as exc:
        return None, exc.reason
    except GktablesError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a batch never dies: a bug in one file is its error line
        log.debug("internal error on %s", file, exc_info=True)
        return None, f"internal error (please report): {type(exc).__name__}: {exc}"


def _start_method() -> str | None:
    """How to start worker processes: fork where it is safe and fast (Linux; the CLI runs no
    threads), a forkserver on other Unixes, none elsewhere (then documents are read in-process)."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else None


def output_names(files: list[str], suffix: str) -> dict[str, Path]:
    """Distinct output names for distinct inputs: the base name plus ``suffix`` where that is
    unique, else the path relative to the common folder of the inputs sharing that name
    (a/report.txt, b/report.txt → a/report.txt.json, b/report.txt.json). Only the input's own path
    is used, never text from inside it."""
    resolved = {f: Path(os.path.abspath(f)) for f in files}
    groups: dict[str, set[Path]] = {}
    for path in resolved.values():
        groups.setdefault(path.name, set()).add(path)
    out: dict[str, Path] = {}
    for f, path in resolved.items():
        same = groups[path.name]
        if len(same) == 1:
            out[f] = Path(path.name + suffix)
        else:
            common = Path(os.path.commonpath([str(p.parent) for p in same]))
            out[f] = path.relative_to(common).with_name(path.name + suffix)
    return out


def write_atomic(target: Path, text: str, root: Path | None = None) -> None:
    """Write to a temporary file beside ``target`` and rename it over: a kill never leaves a partial
    file. Inside an output folder (``root``) no symlink is followed: the folder, its subfolders and
    the target must not be symlinks (a link planted there could redirect the write)."""
    if root is not None:
        _make_folders(root, target.parent)
    if target.is_dir() or (root is not None and target.is_symlink()):
        raise OSError(errno.EEXIST, "exists as a folder or a symlink", str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _make_folders(root: Path, folder: Path) -> None:
    """Create ``folder`` under ``root`` one level at a time, refusing any level that is a symlink."""
    if root.is_symlink():
        raise OSError(errno.ELOOP, "the output folder is a symlink", str(root))
    root.mkdir(parents=True, exist_ok=True)
    here = root
    for part in folder.relative_to(root).parts:
        here = here / part
        if here.is_symlink():
            raise OSError(errno.ELOOP, "a symlink inside the output folder", str(here))
        here.mkdir(exist_ok=True)


def cmd_debug(args: argparse.Namespace) -> int:
    from .debug import write_debug

    try:
        settings = Settings.resolve(settings_from_args(args), keep_debug=True)
        report = extract(args.file, settings)
    except GktablesError as exc:
        print(f"gktables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    written = write_debug(report, Path(args.out))
    print(f"wrote {len(written)} files to {args.out} (open {Path(args.out) / 'index.html'})", file=sys.stderr)
    return EXIT_OK if report.cells else EXIT_NO_TABLES


DESCRIPTION = "Recover the statistics tables (二, 三, 四) of 政府信息公开工作年度报告 from PDF, scans, web pages, \
Word files and mangled text, with provenance and arithmetic checks."
EXAMPLES = """examples:
  gktables extract report.pdf                        one report's tables as JSON on stdout
  gktables extract a.pdf b.html c.txt -o out/        a batch; one bad file never stops the others
  gktables run reports/ --store corpus.sqlite        a corpus: resumable, isolated, content-hashed
  gktables export corpus.sqlite --format xlsx --wide -o tables.xlsx
  gktables audit corpus.sqlite --format csv -o findings.csv --html audit.html
  gktables review corpus.sqlite                      confirm or correct flagged cells in a browser
  gktables debug report.pdf --out debug/             pictures of what was detected

`gktables COMMAND --help` shows each command's options and exit status."""


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="gktables", description=DESCRIPTION, epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"gktables {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="print the tables of report(s) as JSON or CSV", epilog=EXIT_HELP,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("files", nargs="+", help="report files: .pdf .png/.jpg/.tif .html .docx .txt/.md")
    ex.add_argument("-o", "--output", help="write here (a folder when several files are given, or when it is one)")
    ex.add_argument("--format", choices=("json", "csv"), default="json")
    ex.add_argument("--summary", action="store_true", help="print a one-line summary per file on stderr")
    ex.add_argument("--memory-limit", type=int, default=4096,
                    help="MB of address space for reading one document (default 4096; 0: none)")
    ex.add_argument("--in-process", action="store_true",
                    help="read in this process, not in a worker (for debuggers; no hard time or memory stop)")
    add_reading_options(ex)
    ex.set_defaults(func=cmd_extract)

    db = sub.add_parser("debug", help="draw what was detected: page overlays and an index.html")
    db.add_argument("file")
    db.add_argument("--out", required=True, help="folder for the PNGs and index.html")
    add_reading_options(db)
    db.set_defaults(func=cmd_debug)

    from .audit.cli import add_commands as add_audit_commands
    from .corpus.cli import add_commands as add_corpus_commands
    from .review.cli import add_commands as add_review_commands

    add_corpus_commands(sub)
    add_audit_commands(sub)
    add_review_commands(sub)
    return parser


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """A kill (SIGTERM) unwinds like an exception, so temporary folders (OCR crops, LibreOffice
    profiles) and half-written outputs are removed; Python's default would end at once."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    args = build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
