"""A corpus run: find the files, identify them by content hash, read what is not done yet in
isolated workers (or on Ray), and write each result to the store in its own transaction."""

from __future__ import annotations

import fnmatch
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..api import SUPPORTED
from ..settings import Settings
from .datasette import write_datasette_metadata
from .store import DocumentRecord, Store, file_sha256, settings_hash
from .tasks import Limits, Outcome, Task, faults_enabled
from .worker import WorkerPool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    workers: int = 1
    include: tuple[str, ...] = ()  # globs on the file name or path; default: every supported suffix
    exclude: tuple[str, ...] = ()
    retry_failed: bool = False  # read failed / timed-out documents again
    reextract: bool = False  # read again documents extracted under another gktables version or settings
    ray: str | None = None  # 'auto' or a cluster address: run on Ray instead of local workers
    memory_mb: int | None = 4096


@dataclass
class FileEntry:
    path: str  # absolute, as given
    size: int
    mtime: float


@dataclass
class Plan:
    """Unique documents to read (sha256 → its paths, sorted) and how many files were skipped."""

    todo: dict[str, list[FileEntry]]
    known: dict[str, list[FileEntry]]  # done already: only their paths are recorded
    n_files: int
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    n_other_version: int = 0  # done under another version/settings and not re-read


@dataclass
class RunSummary:
    n_files: int = 0
    n_unique: int = 0
    n_skipped: int = 0
    n_unreadable: int = 0
    n_other_version: int = 0
    total: int = 0  # documents to read in this run
    done: int = 0
    ok: int = 0
    no_tables: int = 0
    failed: int = 0
    timed_out: int = 0
    flagged: int = 0  # documents with at least one flagged cell
    seconds: float = 0.0

    def count(self, outcome: Outcome, n_flagged: int) -> None:
        self.done += 1
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.flagged += n_flagged > 0

    def text(self) -> str:
        rate = self.done / self.seconds if self.seconds else 0.0
        lines = [f"{self.n_files} files, {self.n_unique} distinct documents; {self.n_skipped} already in the store",
                 f"read {self.done}/{self.total} in {self.seconds:.1f} s ({rate:.2f} docs/s): {self.ok} ok "
                 f"({self.flagged} with flagged cells), {self.no_tables} without report tables, {self.failed} failed, "
                 f"{self.timed_out} timed out"]
        if self.n_unreadable:
            lines.append(f"{self.n_unreadable} files could not be read to hash them (see the log)")
        if self.n_other_version:
            lines.append(f"{self.n_other_version} documents were extracted under another gktables version or "
                         "settings; --reextract reads them again")
        return "\n".join(lines)


Progress = Callable[[RunSummary, Outcome | None], None]


def collect_files(paths: Sequence[str | Path], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[str]:
    """Files named and files under folders named (recursively, hidden ones skipped), filtered by
    globs matched against the name and the path; folders default to the supported suffixes."""
    found: list[str] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith(".") and _wanted(Path(dirpath, name), include, default=True):
                        found.append(os.path.abspath(os.path.join(dirpath, name)))
        elif _wanted(root, include, default=False):
            found.append(os.path.abspath(root))
    return sorted({p for p in found if not _matches(Path(p), exclude)})


def _wanted(path: Path, include: Sequence[str], *, default: bool) -> bool:
    if include:
        return _matches(path, include)
    return not default or path.suffix.lower() in SUPPORTED


def _matches(path: Path, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(str(path), g) for g in globs)


def plan_run(store: Store, files: Iterable[str], settings: Settings, options: RunOptions) -> Plan:
    """Hash every file and decide which documents this run reads."""
    groups: dict[str, list[FileEntry]] = {}
    unreadable: list[tuple[str, str]] = []
    n_files = 0
    for path in files:
        n_files += 1
        try:
            stat = os.stat(path)
            sha = file_sha256(path)
        except OSError as exc:
            log.warning("%s: cannot read it to hash it: %s", path, exc.strerror or exc)
            unreadable.append((path, str(exc.strerror or exc)))
            continue
        groups.setdefault(sha, []).append(FileEntry(path, stat.st_size, stat.st_mtime))
    states, current = store.states(), settings_hash(settings)
    plan = Plan({}, {}, n_files, unreadable)
    for sha, entries in sorted(groups.items()):
        entries.sort(key=lambda e: e.path)
        state = states.get(sha)
        other = state is not None and (state.gktables_version, state.settings_hash) != (__version__, current)
        if state is None or (options.retry_failed and state.status in ("failed", "timed_out")) \
                or (options.reextract and other):
            plan.todo[sha] = entries
        else:
            plan.known[sha] = entries
            plan.n_other_version += other
    return plan


def run_corpus(paths: Sequence[str | Path], store_path: str | Path, settings: Settings | None = None,
               options: RunOptions | None = None, *, progress: Progress | None = None,
               argv: Sequence[str] = ()) -> RunSummary:
    """Read every document under ``paths`` not yet in the store at ``store_path``; return counts.
    ``progress(summary, outcome)`` is called after each document (and once before the first)."""
    settings, options = Settings.resolve(settings), options or RunOptions()
    started = time.monotonic()
    with Store.open(store_path) as store:
        write_datasette_metadata(store_path)
        plan = plan_run(store, collect_files(paths, options.include, options.exclude), settings, options)
        summary = RunSummary(n_files=plan.n_files, n_unique=len(plan.todo) + len(plan.known),
                             n_skipped=len(plan.known), n_unreadable=len(plan.unreadable),
                             n_other_version=plan.n_other_version, total=len(plan.todo))
        for sha, entries in plan.known.items():  # renamed or copied files of documents already read
            for e in entries:
                store.add_path(sha, e.path, e.size, e.mtime)
        run_id = store.start_run(list(argv), settings_hash(settings))
        if progress:
            progress(summary, None)
        limits = Limits(time_s=settings.time_limit_s, memory_mb=options.memory_mb)
        by_path = {entries[0].path: (sha, entries) for sha, entries in plan.todo.items()}
        try:
            for outcome in _outcomes(plan, settings, limits, options):
                sha, entries = by_path[outcome.path]
                n_flagged = record_outcome(store, sha, entries, outcome, settings)
                summary.count(outcome, n_flagged)
                summary.seconds = time.monotonic() - started
                if progress:
                    progress(summary, outcome)
        finally:
            summary.seconds = time.monotonic() - started
            store.finish_run(run_id, summary.done, summary.failed + summary.timed_out)
    return summary


def _outcomes(plan: Plan, settings: Settings, limits: Limits, options: RunOptions) -> Iterator[Outcome]:
    if options.ray:
        from .ray_runner import ray_outcomes

        yield from ray_outcomes([e[0].path for e in plan.todo.values()], settings, limits, options.ray)
        return
    faults = faults_enabled()
    with WorkerPool(settings, limits, workers=options.workers) as pool:
        yield from pool.run(Task(entries[0].path, faults=faults) for entries in plan.todo.values())


def record_outcome(store: Store, sha: str, entries: list[FileEntry], outcome: Outcome, settings: Settings) -> int:
    """Write one document (one transaction) and the other paths it was found under; return its
    number of flagged cells."""
    first = entries[0]
    report = outcome.to_report()
    store.write_document(DocumentRecord(
        sha256=sha, path=first.path, kind=outcome.kind, status=outcome.status, error=outcome.error,
        seconds=round(outcome.seconds, 3), report=report, pages=outcome.pages, size=first.size, mtime=first.mtime,
        settings_hash=settings_hash(settings), confidence_threshold=settings.confidence_threshold))
    for e in entries[1:]:
        store.add_path(sha, e.path, e.size, e.mtime)
    if outcome.status in ("failed", "timed_out"):
        log.warning("%s: %s: %s", first.path, outcome.status, outcome.error)
    return len(report.flagged_keys(settings.confidence_threshold)) if report else 0
