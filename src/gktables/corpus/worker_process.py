"""Inside a worker process: the loop that reads the documents the pool sends, each under the
worker's memory cap, and the ways the worker dies with its pool (a kill of the runner leaves no
worker and no temporary folder behind)."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import GktablesError, InputError, NotAReportError, TimeLimitError
from ..settings import Settings
from .tasks import FAULT_MARKERS, MEMORY_ERROR, Outcome, Status, Task

log = logging.getLogger(__name__)


def serve(conn: Connection, settings: Settings, memory_mb: int | None, owner: int | None = None,
          scratch: str | None = None) -> None:
    """Worker main loop: read documents sent over ``conn`` until it closes or sends None; exit as
    soon as the ``owner`` process (the pool's) is gone, even in the middle of a document.
    Temporary files (OCR crops, Tesseract's, LibreOffice profiles) go under ``scratch``, which
    the pool removes after a kill that gave them no chance to clean up."""
    if scratch:
        tempfile.tempdir = scratch
        os.environ["TMPDIR"] = scratch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # a group of its own: a kill reaches Tesseract and other children too
    _die_with_parent()
    if owner is not None:
        threading.Thread(target=_exit_without, args=(owner, scratch), daemon=True).start()
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)  # a cap set on the parent (ulimit -v) is never raised
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = read_document(task, settings)
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return
        if outcome.error == MEMORY_ERROR:
            return  # the heap may be fragmented or half-built objects linger: start afresh


def read_document(task: Task, settings: Settings) -> Outcome:
    """Extract one document in this process and describe the result (never raises)."""
    from ..api import detect_kind, extract, read_source

    started = time.perf_counter()

    def done(status: Status, error: str | None, kind: str | None = None, pages: int | None = None,
             report: dict[str, Any] | None = None) -> Outcome:
        return Outcome(task.path, status, error, time.perf_counter() - started, kind, pages, report)

    try:  # a path is read as extract() reads it: regular files only, at most max_bytes
        data = task.data if task.data is not None else read_source(Path(task.path), settings)[0]
    except InputError as exc:
        return done("failed", _one_line(exc.reason))
    try:
        kind: str | None = detect_kind(data, task.path)
    except GktablesError:
        kind = None
    try:
        if task.faults:
            _test_fault(data)
        report = extract(data, settings, name=task.path)
    except TimeLimitError as exc:
        return done("timed_out", exc.reason, kind)
    except NotAReportError as exc:  # settings.require_tables
        return done("no_tables", _one_line(exc.reason), kind)
    except GktablesError as exc:
        return done("failed", _one_line(getattr(exc, "reason", None) or str(exc)), kind)
    except MemoryError:
        return done("failed", MEMORY_ERROR, kind)
    except Exception as exc:  # a bug on one document must not stop a corpus: recorded, logged
        log.debug("internal error on %s:\n%s", task.path, traceback.format_exc())
        return done("failed", _one_line(f"internal error: {type(exc).__name__}: {exc}"), kind)
    layout = report.layout
    status: Status = "ok" if report.cells else "no_tables"
    return done(status, None if report.cells else "no report tables recognised",
                layout.source if layout else kind, layout.n_pages if layout else None, report.to_dict())


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def _test_fault(data: bytes) -> None:
    fault = next((f for marker, f in FAULT_MARKERS.items() if data.startswith(marker)), None)
    if fault == "hang":
        while True:
            time.sleep(60)
    elif fault == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif fault == "memory":  # twice the cap in one block: fails at once if, and only if, the cap is set
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        hog = bytearray(2 * soft if soft > 0 else 1 << 30)
        hog[-1] = 1


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """A SIGTERM (the pool stopping this worker) unwinds like an exception: OCR crop folders and
    LibreOffice profiles are removed on the way out."""
    raise SystemExit(128 + signum)


def _exit_without(owner: int, scratch: str | None = None, every_s: float = 1.0) -> None:
    """Watchdog thread: a worker's parent is the forkserver, which outlives a kill -9'd runner for
    as long as its workers are busy; so each worker watches the runner itself, and removes its own
    temporary folder on the way out (no pool is left to remove it)."""
    while process_alive(owner):
        time.sleep(every_s)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    os._exit(1)


def process_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie is a dead runner not yet reaped
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when its parent dies (a kill -9'd runner leaves no worker)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
