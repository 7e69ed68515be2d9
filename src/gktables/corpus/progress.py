"""Showing a corpus run's progress: a live bar on a terminal (rich), plain log lines otherwise.
Only the command line uses this; the library reports progress through a callback."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from .runner import RunSummary
from .tasks import Outcome


class PlainProgress:
    """One line per failed document and a count every ``every_s`` seconds, for logs and pipes."""

    def __init__(self, stream: TextIO = sys.stderr, every_s: float = 10.0):
        self.stream, self.every_s, self._last = stream, every_s, 0.0

    def __call__(self, summary: RunSummary, outcome: Outcome | None) -> None:
        if outcome is not None and outcome.status in ("failed", "timed_out"):
            print(f"gktables: {outcome.path}: {outcome.status}: {outcome.error}", file=self.stream)
        now = time.monotonic()
        if outcome is None or now - self._last >= self.every_s or summary.done == summary.total:
            self._last = now
            print(f"gktables: {_counts(summary)}", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class RichProgress:
    """A live bar: done/total, ok, flagged, failed, docs/s and ETA."""

    def __init__(self, stream: TextIO = sys.stderr):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(TextColumn("[bold]gktables run"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.fields[counts]}"), TimeRemainingColumn(),
                             console=Console(file=stream), transient=False)
        self._task: Any = None

    def __call__(self, summary: RunSummary, outcome: Outcome | None) -> None:
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("run", total=summary.total, counts="")
        if outcome is not None and outcome.status in ("failed", "timed_out"):
            self._bar.console.print(f"{outcome.path}: {outcome.status}: {outcome.error}", style="yellow",
                                    markup=False, highlight=False)
        rate = summary.done / summary.seconds if summary.seconds else 0.0
        counts = (f"ok {summary.ok}  flagged {summary.flagged}  failed {summary.failed + summary.timed_out}  "
                  f"{rate:.2f} docs/s")
        self._bar.update(self._task, completed=summary.done, counts=counts)

    def close(self) -> None:
        if self._task is not None:
            self._bar.stop()


def _counts(s: RunSummary) -> str:
    rate = s.done / s.seconds if s.seconds else 0.0
    eta = f"{(s.total - s.done) / rate:.0f} s" if rate else "-"
    return (f"{s.done}/{s.total} done, {s.ok} ok, {s.flagged} flagged, {s.failed + s.timed_out} failed, "
            f"{rate:.2f} docs/s, ETA {eta}")


def make_progress(stream: TextIO = sys.stderr) -> PlainProgress | RichProgress:
    if stream.isatty():
        try:
            return RichProgress(stream)
        except ImportError:  # rich is a dependency, but a bare install without it still runs
            pass
    return PlainProgress(stream)
