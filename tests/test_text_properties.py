"""Property tests: random reports (both formats and the mixed one, consistent or with a deliberate
source error) rendered into every text failure family that needs no PDF, then recovered. Whatever
the values, no wrong value may go unflagged, the format must be detected, and the source's own
inconsistencies must be reported by exactly the checks they break."""

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gktables
from benchmarks.scoring import score_report
from tools.synth.model import FORMATS
from tools.synth.plan import PlanItem, make_spec
from tools.synth.text_render import render_text

FAMILIES = ("cell_per_line", "tsv", "pipe", "ocr_noise", "scraped", "md_converter")
# Least share of cells right per family in a single document (flagged misses allowed below 100 %).
FLOOR = {"cell_per_line": 1.0, "pipe": 0.98, "ocr_noise": 0.97, "tsv": 0.98, "scraped": 0.9, "md_converter": 0.95}


def recover(seed: int, index: int, family: str, fmt: str):
    spec = make_spec(PlanItem(index, "text", family, fmt), seed)
    text = render_text(spec, random.Random(f"{seed}:{index}:render"))
    spec.source = f"{spec.doc_id}.txt"
    return gktables.extract_text(text).to_dict(), spec.expected()


# CI runs a fixed set of examples; GKTABLES_EXPLORE=N explores N fresh random ones.
EXPLORE = int(os.environ.get("GKTABLES_EXPLORE", "0"))


@settings(max_examples=EXPLORE or 60, derandomize=not EXPLORE, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), index=st.integers(0, 500), family=st.sampled_from(FAMILIES),
       fmt=st.sampled_from(sorted(FORMATS)))
def test_generated_text_is_recovered_without_silent_errors(seed, index, family, fmt):
    report, expected = recover(seed, index, family, fmt)
    score = score_report(report, expected)
    assert score.silent_keys == [], (family, fmt, seed, index)
    assert report["template"] == expected["template"]
    assert score.right >= FLOOR[family] * score.cells, (family, score.wrong_keys[:8])
    if score.right == score.cells:
        failing = sorted(c["id"] for c in report["checks"] if c["passed"] is False and not c["id"].startswith("prose."))
        assert failing == sorted(expected["failing_checks"])
