import json

import pytest

from gktables.schema import Template, load_schema

from .conftest import ROOT, SHARED


def test_bundled_schema_is_the_shared_contract():
    shared = SHARED / "spec" / "schema.json"
    if not shared.exists():
        pytest.skip("shared/spec/schema.json is not beside this checkout")
    bundled = ROOT / "src" / "gktables" / "data" / "schema.json"
    assert json.loads(bundled.read_text("utf-8")) == json.loads(shared.read_text("utf-8"))


def test_bundled_schema_is_byte_identical_to_the_shared_one():
    """The generator (tools/synth/spec.py) reads shared/spec/schema.json when it is beside the
    checkout and the bundled copy otherwise: both must be the same file."""
    shared = SHARED / "spec" / "schema.json"
    if not shared.exists():
        pytest.skip("shared/spec/schema.json is not beside this checkout")
    assert (ROOT / "src" / "gktables" / "data" / "schema.json").read_bytes() == shared.read_bytes()


def test_the_generator_reads_the_format_as_the_library_does():
    """Two independent readings of schema.json — the library's (checks built per family in code)
    and the generator's own (checks read from each rule's text) — agree on every key, label,
    type and check."""
    from tools.synth.spec import Template as SynthTemplate
    from tools.synth.spec import load_spec

    lib, gen = load_schema(), load_spec()
    for t2 in ("2019", "2021"):
        for other in ("single", "split"):
            ours = [(r.key, r.path, r.block, r.caption, [(c.key, c.label, c.type) for c in r.cols])
                    for r in gen.rows(SynthTemplate(t2, other))]
            theirs = [(r.key, r.path, r.block, r.caption, [(c.key, c.label, c.type) for c in r.cols])
                      for r in lib.rows(Template(t2, other))]  # type: ignore[arg-type]
            assert ours == theirs
    for other in ("single", "split"):
        assert [(c.id, c.lhs, c.rhs) for c in gen.checks(other)] == \
            [(c.id, c.lhs, c.rhs) for c in lib.checks(other)]  # type: ignore[arg-type]
    assert len(gen.checks("split")) == 7 + 7 + 25 + 3


def test_cell_keys_per_template():
    s = load_schema()
    assert len(s.cell_keys(Template("2019", "single"))) == 198
    assert len(s.cell_keys(Template("2021", "split"))) == 200
    mixed = s.cell_keys(Template("2021", "single"))
    assert len(mixed) == 186 and "t3.result.other.total" in mixed and "t2.fees.amount" in mixed
    assert s.value_type("t2.licensing.change") == "signed"
    assert s.value_type("t2.procurement.amount") == "money_wan"


def test_checks_cover_every_family():
    checks = {c.id: c for c in load_schema().checks("split")}
    assert len(checks) == 7 + 7 + 25 + 3
    balance = checks["t3.balance.total"]
    assert balance.lhs == ("t3.new.total", "t3.carried_over.total")
    assert balance.rhs == ("t3.result.total.total", "t3.carried_forward.total")
    result_sum = checks["t3.result_sum.natural"]
    assert "t3.result.other_misc.natural" in result_sum.rhs and "t3.result.total.natural" not in result_sum.rhs
    assert len(result_sum.rhs) == 2 + 8 + 3 + 5 + 3
    assert checks["t4.review.total"].rhs == ("t4.review.upheld", "t4.review.corrected", "t4.review.other",
                                             "t4.review.pending")
