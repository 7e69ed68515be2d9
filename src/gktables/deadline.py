"""One per-document time limit, made once by ``extract()`` and passed down to every loop that grows
with its input (page loops, grid builders, OCR batches, the run-together search, the alignment).

:meth:`Deadline.check` is cheap enough for inner loops: it reads the monotonic clock only every
``every`` calls, so a loop stops within a few milliseconds of the limit.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from .errors import TimeLimitError

if TYPE_CHECKING:
    from .settings import Settings

# Steps of the run-together cut search one table may take in all, per Settings.max_candidates
# (50,000 → 1,500,000 steps, about 1 s): each run's search is bounded, but the aligner asks about
# hundreds of runs on a page whose every row is glued (PyPDF2 runs every row of 三 together: 500,000
# steps left the last rows of such a table unread, in 0.4 s).
SEARCH_STEPS_PER_CANDIDATE = 30


class Deadline:
    """``check()`` raises :class:`TimeLimitError` naming the file once ``limit_s`` has passed.
    It also carries the current table's budget of search steps (``search_steps``, renewed by
    :meth:`start_table`; None = unbounded), which the cut search spends: a bound on work that,
    unlike the clock, gives the same result on a fast or a loaded machine."""

    def __init__(self, limit_s: float | None, name: str = "<bytes>", every: int = 16,
                 search_steps: int | None = None):
        self.limit_s = limit_s
        self.steps_per_table = search_steps
        self.search_steps = search_steps
        self.name = name
        self.started = time.monotonic()
        self.ends = None if limit_s is None else self.started + limit_s
        self._every = max(1, every)
        self._count = 0

    @classmethod
    def from_settings(cls, settings: Settings, name: str = "<bytes>") -> Deadline:
        """The deadline of one document read under ``settings``."""
        return cls(settings.time_limit_s, name, search_steps=settings.max_candidates * SEARCH_STEPS_PER_CANDIDATE)

    @classmethod
    def never(cls, name: str = "<bytes>") -> Deadline:
        """A deadline that never passes (callers that set no limit)."""
        return cls(None, name)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining(self) -> float | None:
        """Seconds left, or None without a limit (for timeouts of child processes)."""
        return None if self.ends is None else max(0.0, self.ends - time.monotonic())

    def start_table(self, table: str) -> None:
        """Before reading a table: read the clock, and give the table its own search budget (a
        page of glued 三 rows must not starve 四 of the steps it needs)."""
        self.check_now(f"table {table}")
        self.search_steps = self.steps_per_table

    def search_allowance(self, wanted: int) -> int:
        """How many of ``wanted`` search steps the document's budget still allows."""
        return wanted if self.search_steps is None else max(0, min(wanted, self.search_steps))

    def spend_search(self, steps: int) -> None:
        if self.search_steps is not None:
            self.search_steps -= steps

    def check(self, where: str = "") -> None:
        """Raise when the limit has passed; reads the clock every ``every`` calls only."""
        if self.ends is None:
            return
        self._count += 1
        if self._count % self._every:
            return
        self.check_now(where)

    def check_now(self, where: str = "", spare_s: float = 0.0) -> None:
        """Read the clock at once (between coarse steps: pages, tables, child processes); ``spare_s``:
        raise that much before the limit (work that leaves the rest of the document time to finish)."""
        if self.ends is not None and time.monotonic() > self.ends - spare_s:
            at = f" ({where})" if where else ""
            raise TimeLimitError(self.name, f"reading took longer than time_limit_s={self.limit_s:g} s{at}; "
                                            "raise Settings.time_limit_s (or --time-limit) to give it more time")
