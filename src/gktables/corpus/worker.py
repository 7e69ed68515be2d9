"""Reading one document in a separate process, under a wall-clock deadline and a memory cap.

A document that hangs, crashes the interpreter (a segfault in a native library) or eats memory
must cost one failed record, never the run. Documents are read in long-lived worker processes
(forked from a forkserver with gktables already imported, so replacing a killed one is cheap);
the parent kills a worker at the document's deadline and replaces it. Independent of the store:
``run_isolated`` is the primitive, ``WorkerPool`` runs many documents over N workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Literal, cast

from ..errors import GktablesError, InputError, NotAReportError, TimeLimitError
from ..report import Report
from ..settings import Settings

log = logging.getLogger(__name__)

Status = Literal["ok", "no_tables", "failed", "timed_out"]
# Test-only hook: with this set to 1 in the parent's environment, a file starting with one of
# FAULT_MARKERS makes the worker hang, segfault or allocate without bound.
FAULTS_ENV = "GKTABLES_TEST_FAULTS"
FAULT_MARKERS = {b"GKTABLES-TEST-HANG": "hang", b"GKTABLES-TEST-CRASH": "crash", b"GKTABLES-TEST-MEMORY": "memory"}
_PRELOAD = ["gktables.api", "gktables.core.pipeline", "gktables.sources.text", "gktables.sources.html.reader",
            "gktables.corpus.worker"]


@dataclass(frozen=True)
class Limits:
    """Per-document bounds enforced from outside the reading code."""

    time_s: float | None = 120.0  # wall clock from hand-over to result; None = none
    memory_mb: int | None = 4096  # address-space cap (RLIMIT_AS) of each worker process; None = none
    # Kill this long after time_s: the document's own deadline (checked inside the work) fires
    # first with a clear error; the kill stops native code that never returns to check it.
    grace_s: float = 0.0


@dataclass
class Task:
    path: str  # the name the report carries (and, without data, the file the worker reads)
    data: bytes | None = None  # the file's bytes, when the worker cannot read the path itself (Ray)
    faults: bool = False  # honour FAULT_MARKERS (tests only)


@dataclass
class Outcome:
    """What became of one document; ``report`` is ``Report.to_dict()`` (plain data, picklable)."""

    path: str
    status: Status
    error: str | None
    seconds: float
    kind: str | None = None
    pages: int | None = None
    report: dict[str, Any] | None = field(default=None, repr=False)

    def to_report(self) -> Report | None:
        return Report.from_dict(self.report) if self.report is not None else None


def run_isolated(path: str | Path, settings: Settings | None = None, limits: Limits | None = None, *,
                 data: bytes | None = None) -> Outcome:
    """Read one document in a worker process and return what became of it; never raises for the
    document's sake. Reuses one worker per (settings, limits) in this process."""
    global _shared
    settings, limits = Settings.resolve(settings), limits or Limits()
    if _shared is None or _shared.settings != settings or _shared.limits != limits:
        if _shared is not None:
            _shared.close()
        _shared = WorkerPool(settings, limits, workers=1)
    return next(_shared.run([Task(str(path), data, faults=faults_enabled())]))


_shared: WorkerPool | None = None


def faults_enabled() -> bool:
    return os.environ.get(FAULTS_ENV) == "1"


class WorkerPool:
    """N worker processes reading documents; yields an Outcome per task, in completion order."""

    def __init__(self, settings: Settings, limits: Limits, workers: int = 1, start_method: str = "forkserver"):
        """``start_method`` 'fork' starts a worker in milliseconds from a parent that has imported
        gktables and runs no threads (the CLI); the forkserver is safe in any parent."""
        self.settings, self.limits, self.n = settings, limits, max(1, workers)
        self._ctx: Any = multiprocessing.get_context(start_method)  # fork or forkserver context
        if start_method == "forkserver":
            self._ctx.set_forkserver_preload(_PRELOAD)
        # (fork: a worker imports what it needs inside the document's time, so the hard stop at
        # hand-off + limit + grace bounds the whole of it)
        self._idle: list[_Worker] = []
        remove_orphaned_scratch()

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        pending = iter(tasks)
        busy: dict[Connection, tuple[_Worker, Task, float]] = {}
        try:
            self._fill(busy, pending)
            while busy:
                finished = []
                for conn in wait(list(busy), timeout=self._next_timeout(busy.values())):
                    worker, task, started = busy.pop(cast(Connection, conn))
                    finished.append(self._collect(worker, task, started))
                for conn, (worker, task, started) in list(busy.items()):
                    if self._expired(started):
                        del busy[conn]
                        worker.kill()
                        finished.append(Outcome(task.path, "timed_out", self._kill_reason(),
                                                time.monotonic() - started))
                # Hand out the next documents before the caller stores these results: the
                # workers read while the store writes.
                self._fill(busy, pending)
                yield from finished
        finally:  # the caller stopped (an exception, a SIGTERM): let workers clean up a while
            for worker, _, _ in busy.values():
                worker.kill(grace_s=2.0)

    def _fill(self, busy: dict[Connection, tuple[_Worker, Task, float]], pending: Iterator[Task]) -> None:
        while len(busy) < self.n:
            task = next(pending, None)
            if task is None:
                return
            worker = self._idle.pop() if self._idle else self._start()
            worker.conn.send(task)
            busy[worker.conn] = (worker, task, time.monotonic())

    def close(self) -> None:
        for worker in self._idle:
            worker.stop()
        self._idle.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
        process = self._ctx.Process(target=serve, args=(child, self.settings, self.limits.memory_mb, os.getpid(),
                                                        scratch), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent, scratch)

    def _collect(self, worker: _Worker, task: Task, started: float) -> Outcome:
        try:
            outcome: Outcome = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(5)
            worker.kill()
            return Outcome(task.path, "failed", _death_reason(worker.process.exitcode, self.limits.memory_mb),
                           time.monotonic() - started)
        if worker.process.is_alive() and outcome.error != _MEMORY_ERROR:
            self._idle.append(worker)
        else:  # a worker that ran out of memory exits; a fresh one takes its place
            worker.kill()
        if outcome.error == _MEMORY_ERROR:
            outcome.error = f"exceeded the memory limit of {self.limits.memory_mb} MB"
        return outcome

    def _kill_reason(self) -> str:
        reason = f"killed at the time limit of {self.limits.time_s:g} s"
        if self.limits.grace_s:
            reason += (f" (time_limit_s; {self.limits.grace_s:g} s after it, still in work that does not read the "
                       "clock); raise --time-limit to give it more time")
        return reason

    def _expired(self, started: float) -> bool:
        return self.limits.time_s is not None and time.monotonic() - started >= self.limits.time_s + self.limits.grace_s

    def _next_timeout(self, running: Iterable[tuple[_Worker, Task, float]]) -> float | None:
        if self.limits.time_s is None:
            return None
        now = time.monotonic()
        ends = self.limits.time_s + self.limits.grace_s
        return max(0.0, min(started + ends - now for _, _, started in running))


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of the forkserver context
    conn: Connection
    scratch: str | None = None  # the worker's temporary folder: removed here, whatever killed it

    def kill(self, grace_s: float = 0.2) -> None:
        """Stop the worker and what it started (Tesseract, LibreOffice: its process group): SIGTERM
        first, which unwinds Python so temporary folders are removed, SIGKILL after ``grace_s``."""
        if self.process.is_alive():
            _signal_group(self.process.pid, signal.SIGTERM)
            self.process.join(grace_s)
        if self.process.is_alive():
            _signal_group(self.process.pid, signal.SIGKILL)
        self.process.join(5)
        self.conn.close()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        self.kill()


_MEMORY_ERROR = "__memory__"
SCRATCH_PREFIX = "gktables-worker-"  # + the pool's pid + "-": whose folder it is


def remove_orphaned_scratch() -> None:
    """Remove workers' temporary folders whose pool process is gone. A pool killed with SIGKILL
    cannot clean up, and its workers die with it (or are killed mid-write); the next pool, in any
    run, removes what they left."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        owner = folder.name[len(SCRATCH_PREFIX):].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _signal_group(pid: int, signum: int) -> None:
    """Signal the worker's process group (it leads its own), or the worker alone if it has none yet."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signum)
            return
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _death_reason(exitcode: int | None, memory_mb: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = f" (possibly the memory limit of {memory_mb} MB)" if name in ("SIGABRT", "SIGKILL") and memory_mb else ""
        return f"the worker process crashed: killed by {name}{hint}"
    return f"the worker process died (exit code {exitcode})"


# --- inside the worker process ------------------------------------------------------------
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
        if outcome.error == _MEMORY_ERROR:
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
        return done("failed", _MEMORY_ERROR, kind)
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
    while _alive(owner):
        time.sleep(every_s)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    os._exit(1)


def _alive(pid: int) -> bool:
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
