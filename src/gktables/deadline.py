"""One per-document time limit, made once by ``extract()`` and passed down to every loop that grows
with its input (page loops, grid builders, OCR batches, the run-together search, the alignment).

:meth:`Deadline.check` is cheap enough for inner loops: it reads the monotonic clock only every
``every`` calls, so a loop stops within a few milliseconds of the limit.
"""

from __future__ import annotations

import time

from .errors import TimeLimitError


class Deadline:
    """``check()`` raises :class:`TimeLimitError` naming the file once ``limit_s`` has passed."""

    def __init__(self, limit_s: float | None, name: str = "<bytes>", every: int = 16):
        self.limit_s = limit_s
        self.name = name
        self.started = time.monotonic()
        self.ends = None if limit_s is None else self.started + limit_s
        self._every = max(1, every)
        self._count = 0

    @classmethod
    def never(cls, name: str = "<bytes>") -> Deadline:
        """A deadline that never passes (callers that set no limit)."""
        return cls(None, name)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining(self) -> float | None:
        """Seconds left, or None without a limit (for timeouts of child processes)."""
        return None if self.ends is None else max(0.0, self.ends - time.monotonic())

    def check(self, where: str = "") -> None:
        """Raise when the limit has passed; reads the clock every ``every`` calls only."""
        if self.ends is None:
            return
        self._count += 1
        if self._count % self._every:
            return
        self.check_now(where)

    def check_now(self, where: str = "") -> None:
        """Read the clock at once (between coarse steps: pages, tables, child processes)."""
        if self.ends is not None and time.monotonic() > self.ends:
            at = f" ({where})" if where else ""
            raise TimeLimitError(self.name, f"reading took longer than time_limit_s={self.limit_s:g} s{at}; "
                                            "raise Settings.time_limit_s (or --time-limit) to give it more time")
