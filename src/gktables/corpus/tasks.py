"""What a worker is handed and what it hands back: plain, picklable data shared by the pool
(``worker``), the worker process (``worker_process``) and the Ray runner."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Literal

from ..report import Report

Status = Literal["ok", "no_tables", "failed", "timed_out"]
# Test-only hook: with this set to 1 in the parent's environment, a file starting with one of
# FAULT_MARKERS makes the worker hang, segfault or allocate without bound.
FAULTS_ENV = "GKTABLES_TEST_FAULTS"
FAULT_MARKERS = {b"GKTABLES-TEST-HANG": "hang", b"GKTABLES-TEST-CRASH": "crash", b"GKTABLES-TEST-MEMORY": "memory"}
# The error a worker reports when it ran out of memory; the pool words it with the limit.
MEMORY_ERROR = "__memory__"


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


def faults_enabled() -> bool:
    return os.environ.get(FAULTS_ENV) == "1"
