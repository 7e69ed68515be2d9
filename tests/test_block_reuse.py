"""二's rows given a value another row holds (core/block_reuse.py): read anew from the values
printed right after their label, flagged."""

from types import SimpleNamespace

from gktables.core.align import RowPlan
from gktables.core.block_reuse import reread_reused_rows
from gktables.core.candidates import Column
from gktables.core.items import Item
from gktables.core.provenance import item_provenance
from gktables.report import ReportWarning

# pdfminer: 行政强制's block read column by column ends on 4; 行政事业性收费 prints 0 0 after its label
PIECES = ["行政强制", "25", "-1", "4", "行政事业性收费", "0", "0", "第二十条第（九）项"]
COERCION = ("t2.coercion.prev_items", "t2.coercion.change", "t2.coercion.decisions")
FEES = ("t2.fees.prev_items", "t2.fees.change")


def _stream(pieces: list[str] = PIECES) -> tuple[list[SimpleNamespace], list[Item]]:
    items = [Item("value" if p[0] in "0123456789-" else "label", p, "text", n, pos=n, span=(10 * n, 10 * n + len(p)))
             for n, p in enumerate(pieces)]
    decisions = [SimpleNamespace(row=SimpleNamespace(plan=RowPlan(
        label, keys, tuple(Column("signed" if k.endswith("change") else "count") for k in keys), None, anchor)))
        for label, keys, anchor in (("行政强制", COERCION, 0), ("行政事业性收费", FEES, 4))]
    return decisions, items


def _read(items: list[Item], positions: dict[str, int]) -> tuple[dict, dict]:
    cells = {k: int(items[p].text) for k, p in positions.items()}
    provenance = {k: item_provenance(items[p], 0.6, "printed") for k, p in positions.items()}
    return cells, provenance


def test_a_row_holding_another_rows_value_reads_the_values_after_its_label():
    decisions, items = _stream()
    # the order shifted by one: 收费 took 4 (行政强制's, read column by column) and the first 0
    cells, provenance = _read(items, {COERCION[0]: 1, COERCION[1]: 2, COERCION[2]: 3, FEES[0]: 3, FEES[1]: 5})
    warnings = [ReportWarning("ambiguous_value", "the printed text '4 0' …", [FEES[0]])]
    out = reread_reused_rows(decisions, items, cells, provenance, warnings)  # type: ignore[arg-type]
    assert [cells[k] for k in FEES] == [0, 0] and [cells[k] for k in COERCION] == [25, -1, 4]
    assert [w.code for w in out] == ["value_read_twice"] and out[0].keys == list(FEES)
    assert provenance[FEES[0]].span == items[5].span and provenance[FEES[0]].candidates == [4]
    assert provenance[FEES[0]].confidence == 0.5
    assert warnings == []  # the stale warning about '4 0' went with the reading it spoke of


def test_the_row_whose_own_run_is_free_is_the_one_read_anew():
    decisions, items = _stream()
    # 行政强制 took 收费's second 0: its own run 25 -1 4 is free, 收费's holds that 0
    cells, provenance = _read(items, {COERCION[0]: 1, COERCION[1]: 2, COERCION[2]: 6, FEES[0]: 5, FEES[1]: 6})
    out = reread_reused_rows(decisions, items, cells, provenance, [])  # type: ignore[arg-type]
    assert [w.keys for w in out] == [list(COERCION)]
    assert [cells[k] for k in COERCION] == [25, -1, 4] and [cells[k] for k in FEES] == [0, 0]


def test_no_value_shared_or_no_run_one_a_cell_changes_nothing():
    decisions, items = _stream()
    cells, provenance = _read(items, {COERCION[0]: 1, COERCION[1]: 2, COERCION[2]: 3, FEES[0]: 5, FEES[1]: 6})
    assert reread_reused_rows(decisions, items, cells, provenance, []) == []  # type: ignore[arg-type]


def test_a_value_still_shared_flags_every_holder():
    # shared, but 收费's label is followed by one value for two cells: which is its own is not known,
    # so both cells holding the one printed 4 are flagged and keep what they read
    decisions, items = _stream(PIECES[:6] + PIECES[7:])
    cells, provenance = _read(items, {COERCION[0]: 1, COERCION[1]: 2, COERCION[2]: 3, FEES[0]: 3, FEES[1]: 5})
    provenance[COERCION[2]].confidence = 0.9
    out = reread_reused_rows(decisions, items, cells, provenance, [])  # type: ignore[arg-type]
    assert [(w.code, w.keys) for w in out] == [("value_read_twice", [COERCION[2], FEES[0]])]
    assert "'4'" in out[0].message
    assert cells[FEES[0]] == 4 and cells[COERCION[2]] == 4 and provenance[FEES[0]].span == items[3].span
    assert provenance[COERCION[2]].confidence == 0.5 and provenance[COERCION[0]].confidence == 0.6
