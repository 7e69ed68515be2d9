"""Reading one document in a separate process, under a wall-clock deadline and a memory cap.

A document that hangs, crashes the interpreter (a segfault in a native library) or eats memory
must cost one failed record, never the run. Documents are read in long-lived worker processes
(forked from a forkserver with gktables already imported, so replacing a killed one is cheap);
the parent kills a worker at the document's deadline and replaces it. Independent of the store:
``run_isolated`` is the primitive, ``WorkerPool`` runs many documents over N workers; what runs
inside a worker is ``worker_process``, what is handed over ``tasks``.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, cast

from ..settings import Settings
from .tasks import MEMORY_ERROR, Limits, Outcome, Task, faults_enabled
from .worker_process import process_alive, serve

_PRELOAD = ["gktables.api", "gktables.core.pipeline", "gktables.sources.text", "gktables.sources.html.reader",
            "gktables.corpus.worker_process"]


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


class WorkerPool:
    """N worker processes reading documents; yields an Outcome per task, in completion order."""

    def __init__(self, settings: Settings, limits: Limits, workers: int = 1, start_method: str = "forkserver"):
        """``start_method`` 'fork' starts a worker in milliseconds from a parent that has imported
        gktables and runs no threads (the CLI); the forkserver is safe in any parent."""
        self.settings, self.limits, self.n = settings, limits, max(1, workers)
        self._ctx: Any = multiprocessing.get_context(start_method)  # fork or forkserver context
        if start_method == "forkserver":
            self._ctx.set_forkserver_preload(_PRELOAD)
            short_socket_folder()
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
        if worker.process.is_alive() and outcome.error != MEMORY_ERROR:
            self._idle.append(worker)
        else:  # a worker that ran out of memory exits; a fresh one takes its place
            worker.kill()
        if outcome.error == MEMORY_ERROR:
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


SCRATCH_PREFIX = "gktables-worker-"  # + the pool's pid + "-": whose folder it is


SOCKET_DIR_MAX = 60  # a temporary folder longer than this leaves too little of AF_UNIX's 107 bytes


def short_socket_folder() -> None:
    """The forkserver listens on a Unix socket in multiprocessing's temporary folder, made under
    TMPDIR; a socket path over the kernel's 107 bytes makes every worker's start fail ('AF_UNIX path
    too long'), so a run under a deep TMPDIR read nothing. That folder (it holds only the socket)
    is then made in /tmp; the workers' scratch folders stay under TMPDIR."""
    if len(tempfile.gettempdir()) <= SOCKET_DIR_MAX or not os.access("/tmp", os.W_OK):
        return
    saved = tempfile.tempdir
    tempfile.tempdir = "/tmp"
    try:
        multiprocessing.util.get_temp_dir()  # made once per process, kept for every later socket
    finally:
        tempfile.tempdir = saved


def remove_orphaned_scratch() -> None:
    """Remove workers' temporary folders whose pool process is gone. A pool killed with SIGKILL
    cannot clean up, and its workers die with it (or are killed mid-write); the next pool, in any
    run, removes what they left."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        owner = folder.name[len(SCRATCH_PREFIX):].split("-", 1)[0]
        if owner.isdigit() and not process_alive(int(owner)):
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


