"""三 printed column by column (core/column_order.py), on small hand-built streams: labels first,
then the values, the first two columns interleaved, the others as whole runs left to right."""

from gktables.core import column_agreement, column_bands, column_budget, column_tokens
from gktables.core.align import RowPlan
from gktables.core.candidates import Column
from gktables.core.column_order import column_major_reading, prose_contradicts_all
from gktables.core.items import Item
from gktables.schema import CheckSpec

COLS = ("a", "b", "c", "total")
HEADERS = ("甲列", "乙列", "丙列", "总计")


def _items(pieces: list[str]) -> tuple[list[Item], str]:
    """One item per line: numbers are values ('-' a blank mark), other text a label; and the text."""
    items: list[Item] = []
    text = ""
    for line, piece in enumerate(pieces):
        kind = "value" if piece.replace("-", "").isdigit() or piece == "-" else "label"
        items.append(Item(kind, piece, "text", line, pos=len(items), span=(len(text), len(text) + len(piece)),
                          blank=piece == "-"))
        text += piece + "\n"
    return items, text


def _plans(rows: list[str], anchors: list[int]) -> list[RowPlan]:
    """The rows' plans, each anchored at its label's item."""
    return [RowPlan(r, tuple(f"t3.{r}.{c}" for c in COLS), tuple(Column("count") for _ in COLS), None, a,
                    (len(COLS),)) for r, a in zip(rows, anchors)]


def _table(rows: list[str], stream: list[str]) -> tuple[list[RowPlan], list[Item], str]:
    """Row labels, one per line, then the stream (numbers are values, other text a label), one per line."""
    items, text = _items([*rows, *stream])
    return _plans(rows, list(range(len(rows)))), items, text


def _checks(rows: list[str], balance: bool) -> list[CheckSpec]:
    out = [CheckSpec(f"t3.row_total.{r}", tuple(f"t3.{r}.{c}" for c in COLS[:-1]), (f"t3.{r}.total",), "")
           for r in rows]
    if balance:  # the last row is the sum of the others, in every column
        out += [CheckSpec(f"t3.sum.{c}", tuple(f"t3.{r}.{c}" for r in rows[:-1]), (f"t3.{rows[-1]}.{c}",), "")
                for c in COLS]
    return out


def test_column_by_column_stream_is_read_cell_by_cell():
    rows = ["one", "two", "sum"]
    #         a  b  c  total
    # one     5  2  1  8
    # two     3  0  4  7
    # sum     8  2  5  15
    # the first two columns interleaved (5 2 | 3 8 | 0 2), then 丙列 and 总计 as whole runs
    stream = ["5", "2", "3", "8", "0", "2", "1", "4", "5", "总计", "8", "7", "15"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None and not reading.open
    assert reading.cells == {
        "t3.one.a": 5, "t3.one.b": 2, "t3.one.c": 1, "t3.one.total": 8,
        "t3.two.a": 3, "t3.two.b": 0, "t3.two.c": 4, "t3.two.total": 7,
        "t3.sum.a": 8, "t3.sum.b": 2, "t3.sum.c": 5, "t3.sum.total": 15}
    assert reading.provenance["t3.sum.total"].raw == "15"
    assert reading.provenance["t3.one.a"].decided_by == "check"


def test_value_on_its_label_line_is_its_first_cell():
    rows = ["one", "two"]
    # one: 1 6 0 | 7 with 'one 1' printed on one line; two: 0 0 6 | 6
    items = [Item("label", "one", "text", 0, pos=0, span=(0, 3)), Item("value", "1", "text", 0, pos=1, span=(4, 5)),
             Item("label", "two", "text", 1, pos=2, span=(6, 9))]
    text = "one 1\ntwo\n"
    for piece in ["6", "0", "0", "0", "6", "7", "6"]:
        items.append(Item("value", piece, "text", len(items), pos=len(items), span=(len(text), len(text) + 1)))
        text += piece + "\n"
    plans = _plans(rows, [0, 2])
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, False), HEADERS)
    assert reading is not None and not reading.open
    assert [reading.cells[f"t3.one.{c}"] for c in COLS] == [1, 6, 0, 7]
    assert [reading.cells[f"t3.two.{c}"] for c in COLS] == [0, 0, 6, 6]
    assert reading.provenance["t3.one.a"].span == (4, 5)


def test_interleaving_the_checks_cannot_decide_is_flagged_not_guessed():
    rows = ["one", "two"]
    # one: 1 2 0 | 3 (自然人 starts first), then two: 2 1 0 | 3 or 1 2 0 | 3: both add up; and read as
    # two boxes (1 2, then 2 1) either way round, row one is open too
    plans, items, text = _table(rows, ["1", "2", "2", "1", "0", "0", "3", "3"])
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, False), HEADERS)
    assert reading is not None
    assert reading.open == {f"t3.{r}.{c}": [1, 2] for r in rows for c in ("a", "b")}
    assert all(reading.provenance[k].confidence < 0.9 and reading.provenance[k].candidates for k in reading.open)
    assert [reading.cells[f"t3.one.{c}"] for c in ("a", "b")] == [1, 2]  # the print order's reading shown
    read = {"t3.one.c": 0, "t3.one.total": 3, "t3.two.c": 0, "t3.two.total": 3}
    assert read.items() <= reading.cells.items()
    assert any(w.code == "column_order_ambiguous" and set(w.keys) == set(reading.open) for w in reading.warnings())


def test_first_two_columns_printed_apart_stay_open_unless_the_prose_tells_them_apart():
    rows = ["one", "two", "sum"]
    # the table of the first test; 甲列's values all printed before 乙列's (two tall boxes, whose
    # order pdfminer does not keep left to right): swapped whole, they pass every check too
    stream = ["5", "3", "8", "2", "0", "2", "1", "4", "5", "总计", "8", "7", "15"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None
    assert reading.open == {f"t3.{r}.{c}": pair for r, pair in (("one", [2, 5]), ("two", [0, 3]), ("sum", [2, 8]))
                            for c in ("a", "b")}
    assert [reading.cells[f"t3.{r}.c"] for r in rows] == [1, 4, 5]
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.open)
    # the prose states 乙列 5 in row one: only the reading that has it so is kept, and read
    told = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS,
                                {"t3.one.b": {5}})
    assert told is not None and not told.open
    assert [told.cells[f"t3.{r}.{c}"] for r in rows for c in ("a", "b")] == [2, 5, 0, 3, 2, 8]
    assert told.provenance["t3.one.b"].raw == "5"


def test_header_between_runs_that_names_another_column_rejects_the_reading():
    rows = ["one", "two"]
    # 总计 printed before the run the left-to-right order takes for 丙列: no reading is kept
    plans, items, text = _table(rows, ["5", "2", "3", "0", "总计", "1", "4", "8", "7"])
    assert column_major_reading(plans, items, 0, len(items), text, _checks(rows, False), HEADERS) is None


def test_counts_that_do_not_fill_the_rows_give_no_reading():
    rows = ["one", "two"]
    # 7 values for 8 cells: no place for one cell printed empty (core/column_blanks.py) keeps the row totals
    plans, items, text = _table(rows, ["5", "2", "3", "0", "1", "4", "8"])
    assert column_major_reading(plans, items, 0, len(items), text, _checks(rows, False), HEADERS) is None


def test_number_wrapped_over_two_lines_is_joined_where_the_checks_hold():
    rows = ["one", "two", "sum"]
    #         a     b  c  total
    # one     1514  2  1  1517
    # two     3     0  4  7
    # sum     1517  2  5  1524
    # 1514 printed over two lines ('151' / '4'): 13 values for 12 cells. Three pairs could be one
    # number wrapped (151/4, 1517/0, 1517/7); only joining the first keeps every check.
    stream = ["151", "4", "2", "3", "1517", "0", "2", "1", "4", "5", "总计", "1517", "7", "1524"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None and not reading.open
    assert [reading.cells[f"t3.one.{c}"] for c in COLS] == [1514, 2, 1, 1517]
    assert [reading.cells[f"t3.sum.{c}"] for c in COLS] == [1517, 2, 5, 1524]
    assert reading.provenance["t3.one.a"].raw == "1514"
    assert reading.provenance["t3.one.a"].span == (text.index("151"), text.index("151") + len("151\n4"))


def test_extra_values_with_no_wrap_candidate_give_no_reading():
    rows = ["one", "two"]
    # one: 12 0 0 | 12 printed '1' / '2': a one-digit upper line is not a wrap candidate (a wrapped
    # number's upper line fills its cell), so 9 values for 8 cells stay unread rather than guessed
    plans, items, text = _table(rows, ["1", "2", "0", "0", "0", "0", "0", "12", "0"])
    assert column_major_reading(plans, items, 0, len(items), text, _checks(rows, False), HEADERS) is None


def test_reading_found_past_the_pinned_limits_is_read_but_every_cell_flagged(monkeypatch):
    # the same stream as the first test, with the limit of readings a band may have and still be
    # trusted lowered to 0: its cells are read, each below the confidence threshold
    monkeypatch.setattr(column_agreement, "PINNED_SOLUTIONS", 0)
    rows = ["one", "two", "sum"]
    stream = ["5", "2", "3", "8", "0", "2", "1", "4", "5", "总计", "8", "7", "15"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None and reading.loose
    assert [reading.cells[f"t3.two.{c}"] for c in COLS] == [3, 0, 4, 7]
    assert all(p.confidence < 0.9 for p in reading.provenance.values())
    assert any(w.code == "column_order_loose" and set(w.keys) == set(reading.cells) for w in reading.warnings())
    monkeypatch.undo()
    assert not column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS).loose


def test_a_loose_reading_is_the_same_in_every_process():
    """s1_039 (pdfminer text of a landscape page) is read with many placements open; the kept one
    came out of a set of tuples holding None, whose order followed None's address in memory and so
    changed from process to process. Four fresh processes must give one report."""
    import hashlib
    import subprocess
    import sys

    from .conftest import GOLDEN_SYNTHETIC

    path = GOLDEN_SYNTHETIC / "converters" / "s1_039_pdf_landscape_mixed.pdfminer.txt"
    code = ("import gktables, hashlib, json, sys; r = gktables.extract(sys.argv[1]).to_dict(); "
            "print(hashlib.sha256(json.dumps(r, sort_keys=True).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                              check=True).stdout for _ in range(4)}
    assert len(digests) == 1 and hashlib.sha256(b"").hexdigest() not in digests


def test_a_slip_of_the_report_breaking_its_checks_is_read_with_every_cell_flagged():
    rows = ["one", "two", "sum"]
    #         a  b  c  total
    # one     5  2  1  8
    # two     3  0  4  7
    # sum     9  2  5  16     the report's own slip: sum.a is 9 (8 adds up), its row total follows
    # no reading passes every check; the one whose failing checks all go through the sum row's
    # a and total (one slip) is read, every cell below the confidence threshold
    stream = ["5", "2", "3", "0", "9", "2", "1", "4", "5", "8", "7", "16"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None and reading.loose
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in COLS] == [5, 2, 1, 8, 3, 0, 4, 7, 9, 2, 5, 16]
    assert all(p.confidence < 0.9 for p in reading.provenance.values())
    assert any(w.code == "column_order_loose" for w in reading.warnings())


def test_a_page_printing_its_runs_in_an_order_of_its_own_is_read_by_the_column_checks():
    from .column_streams import stream_checks, stream_table
    cols = ("a", "b", "c", "d", "e", "total")
    headers = ("甲列", "乙列", "丙列", "丁列", "戊列", "总计")
    rows = ["one", "two", "three", "sum"]
    truth = {"one": [5, 1, 2, 0, 3, 11], "two": [4, 2, 0, 6, 1, 13], "three": [1, 0, 3, 1, 2, 7],
             "sum": [10, 3, 5, 7, 6, 31]}
    # page 1 (one, two): a/b interleaved, then the runs of e, c, d, total (an order of pdfminer's own);
    # page 2 (three, sum): left to right. Only the column sums across the pages say which run is which,
    # and only once one page's order is taken as printed: page 2 in that same order of its own (all three
    # columns swapped alike) passes every check too. The cells the two readings disagree on stay open,
    # the larger page's reordering shown first (here the first, of two pages alike).
    page1 = ["5", "1", "4", "2", "3", "1", "2", "0", "0", "6", "11", "13"]
    page2 = ["1", "0", "10", "3", "3", "5", "1", "7", "2", "6", "7", "31"]
    plans, items, text = stream_table(rows, page1 + page2, cols)
    at = items[len(rows) + len(page1)].span[0] - 1
    text = text[:at] + "\f" + text[at + 1:]  # the page break before page 2's first value
    reading = column_major_reading(plans, items, 0, len(items), text, stream_checks(rows, cols), headers)
    assert reading is not None and reading.readings == 2
    assert reading.cells == {f"t3.{r}.{c}": v for r, values in truth.items() for c, v in zip(cols, values)}
    assert {k.rsplit(".", 1)[1] for k in reading.open} == {"c", "d", "e"}
    assert reading.loose and all(p.confidence < 0.9 for p in reading.provenance.values())


def test_free_boxes_printed_the_other_way_round_on_one_page_leave_their_cells_open():
    """Page 1 prints its runs, then 乙列's box before 甲列's (a taller box may come first in
    pdfminer's order); page 2 interleaves the two row by row. Page 1's two boxes add up alike
    (5 + 1 = 2 + 4), so both ways round keep every check: the print order's reading is shown, the
    swapped one challenges it, and the cells they differ on stay open (read in print order alone,
    5 and 1 were 甲列's at full confidence, wrongly)."""
    from .column_streams import stream_checks, stream_table
    cols = ("a", "b", "c", "total")
    rows = ["one", "two", "three", "sum"]
    page1 = ["1", "0", "8", "5", "5", "1", "2", "4"]  # c, total, then 乙列's box, then 甲列's
    page2 = ["1", "0", "7", "6", "3", "4", "4", "17"]
    plans, items, text = stream_table(rows, page1 + page2, cols)
    at = items[len(rows) + len(page1)].span[0] - 1
    text = text[:at] + "\f" + text[at + 1:]
    reading = column_major_reading(plans, items, 0, len(items), text, stream_checks(rows, cols), HEADERS)
    assert reading is not None and reading.readings == 2
    assert reading.open == {"t3.one.a": [2, 5], "t3.one.b": [2, 5], "t3.two.a": [1, 4], "t3.two.b": [1, 4]}
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.open)
    assert [reading.cells[f"t3.{r}.{c}"] for r in ("three", "sum") for c in cols] == [1, 0, 3, 4, 7, 6, 4, 17]
    told = column_major_reading(plans, items, 0, len(items), text, stream_checks(rows, cols), HEADERS,
                                {"t3.one.a": {2}})
    assert told is not None and [told.cells[f"t3.{r}.{c}"] for r in ("one", "two") for c in ("a", "b")] \
        == [2, 5, 4, 1]


def test_a_slip_in_a_row_both_free_columns_fill_interleaved_is_read_with_every_cell_flagged():
    rows = ["one", "two", "sum"]
    #         a  b  c  total
    # one     5  2  1  8
    # two     3  0  4  8      the report's own slip: 3 + 0 + 4 is 7; the column of totals adds up to 15 all the same
    # sum     8  2  5  15
    # a and b are printed interleaved (5 2 | 3 0 | 8 2), so neither free column is a run printed in order
    # (the slip search's first way); with row two's sum left unchecked the interleaving reads them, and the
    # checks then fail through two.total alone (one slip): read, every cell below the confidence threshold
    stream = ["5", "2", "3", "0", "8", "2", "1", "4", "5", "8", "8", "15"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None and reading.loose and not reading.open
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in COLS] == [5, 2, 1, 8, 3, 0, 4, 8, 8, 2, 5, 15]
    assert all(p.confidence < 0.9 for p in reading.provenance.values())


def test_band_searches_past_their_steps_read_nothing_but_the_last_cut_order_try():
    """The band searches of a table share one budget of work: a table whose searches go past it is
    not read by them, however near a reading was; only the last try, the cut orders alone (XY, a
    budget of their own), may read it, loose (every cell flagged); the same table with the budget it
    needs is read. Work, not the clock: the same on any machine."""
    rows = ["one", "two", "sum"]
    stream = ["5", "2", "3", "8", "0", "2", "1", "4", "5", "总计", "8", "7", "15"]  # as in the first test
    plans, items, text = _table(rows, stream)
    read = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert read is not None and read.cells["t3.sum.total"] == 15
    assert not read.loose
    for steps in (0, 5):
        last = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS, steps=steps)
        assert last is not None and last.loose and last.cells == read.cells
        assert all(p.confidence < 0.9 for p in last.provenance.values())
    spent = column_budget.BandCache()
    column_bands.band_readings(column_tokens.value_tokens(items[3:], text) or [], {}, 3, 4, {}, budget=spent)
    assert 0 < column_budget.BAND_STEPS - spent.steps_left < column_budget.BAND_STEPS


def test_a_value_printed_alone_between_two_labels_is_the_next_rows_first_cell():
    rows = ["one", "two", "sum"]
    #         a  b  c  total
    # one     5  2  1  8
    # two     3  0  4  7
    # sum     8  2  5  15    (sum's 8 printed alone between the labels two and sum)
    items, text = _items(["one", "two", "8", "sum", "5", "2", "3", "0", "2", "1", "4", "5", "8", "7", "15"])
    plans = _plans(rows, [0, 1, 3])
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None and not reading.open
    assert [reading.cells[f"t3.sum.{c}"] for c in COLS] == [8, 2, 5, 15]
    assert [reading.cells[f"t3.two.{c}"] for c in COLS] == [3, 0, 4, 7]
    assert reading.provenance["t3.sum.a"].span == (8, 9)



def test_a_page_printing_its_runs_in_an_order_of_its_own_with_a_slip_of_the_report_is_read_flagged():
    """Page 1 prints every column as a whole run in an order of pdfminer's own (c, d, e, b, a, total:
    甲列's box among the others); page 2 left to right. The report's own slip sits on page 2: sum's a
    and total printed 44 and 74 (42 and 72 add up), its row total holding, so the column checks of a
    and total fail through that row alone. The page's own order with that one slip is read, shown
    first, every cell below the confidence threshold (the wider orders with a slip read 甲列 and
    戊列 swapped)."""
    from .column_streams import stream_checks, stream_table
    cols = ("a", "b", "c", "d", "e", "total")
    headers = ("甲列", "乙列", "丙列", "丁列", "戊列", "总计")
    rows = ["r1", "r2", "r3", "r4", "r5", "sum"]
    truth = {"r1": [9, 3, 0, 0, 2, 14], "r2": [6, 1, 0, 0, 4, 11], "r3": [12, 5, 0, 0, 1, 18],
             "r4": [7, 2, 0, 0, 3, 12], "r5": [8, 4, 0, 0, 5, 17], "sum": [44, 15, 0, 0, 15, 74]}
    page1 = [str(truth[r][c]) for c in (2, 3, 4, 1, 0, 5) for r in rows[:4]]
    page2 = [str(truth[r][c]) for c in range(6) for r in rows[4:]]
    plans, items, text = stream_table(rows, page1 + page2, cols)
    at = items[len(rows) + len(page1)].span[0] - 1
    text = text[:at] + "\f" + text[at + 1:]  # the page break before page 2's first value
    reading = column_major_reading(plans, items, 0, len(items), text, stream_checks(rows, cols), headers)
    assert reading is not None and reading.loose
    assert reading.cells == {f"t3.{r}.{c}": v for r, values in truth.items() for c, v in zip(cols, values)}
    assert all(p.confidence < 0.9 for p in reading.provenance.values())


def _label_line(pieces: list[str]) -> tuple[list[RowPlan], list[Item], list[column_tokens.Token]]:
    """Row 'one' with ``pieces`` printed on its label's line, then row 'two' on a line of its own."""
    items, text, at = [Item("label", "one", "text", 0, pos=0, span=(0, 3))], "one", 3
    for piece in pieces:
        items.append(Item("value", piece, "text", 0, pos=len(items), span=(at + 1, at + 1 + len(piece)),
                          blank=not piece.isdigit()))
        text, at = f"{text} {piece}", at + 1 + len(piece)
    items.append(Item("label", "two", "text", 1, pos=len(items), span=(at + 1, at + 4)))
    tokens = column_tokens.value_tokens(items, text + "\ntwo\n")
    assert tokens is not None
    return _plans(["one", "two"], [0, len(items) - 1]), items, tokens


def test_blank_marks_on_a_label_line_are_its_first_cells_however_many():
    plans, items, tokens = _label_line(["无", "-", "无"])
    fixed = column_tokens.label_line_values(plans, items, tokens)
    assert fixed is not None
    assert {rc: t.item.text for rc, t in fixed.items()} == {(0, 0): "无", (0, 1): "-", (0, 2): "无"}
    # numbers past the free columns: a row printed along its line, not the column-by-column order
    plans, items, tokens = _label_line(["1", "-", "无"])
    assert column_tokens.label_line_values(plans, items, tokens) is None
    # more marks than the row has cells: not one row's first cells
    plans, items, tokens = _label_line(["无"] * (len(COLS) + 1))
    assert column_tokens.label_line_values(plans, items, tokens) is None


def test_free_columns_mirror_likelier_placement_first() -> None:
    """Nothing printed pins the two free columns: the mirror with the non-zero values under 自然人
    (far the commonest applicant) is shown first; both stay kept, so the cells stay open."""
    keys = [[f"t3.{r}.{c}" for c in ("natural", "commercial", "research", "total")] for r in ("new", "granted")]
    printed = {"t3.new.natural": 0, "t3.new.commercial": 7, "t3.new.research": 0, "t3.new.total": 7,
               "t3.granted.natural": 0, "t3.granted.commercial": 3, "t3.granted.research": 0, "t3.granted.total": 3}
    where = {k: Item("value", str(v), "text", i, pos=i) for i, (k, v) in enumerate(printed.items())}
    kept, placed = column_agreement.with_mirrors([printed], where, keys, {})
    assert [r["t3.new.natural"] for r in kept] == [7, 0]
    assert placed["t3.new.natural"] is where["t3.new.commercial"]
    # the print order's reading already the likelier: kept first, its items unchanged
    kept, placed = column_agreement.with_mirrors([kept[0]], where, keys, {})
    assert [r["t3.new.natural"] for r in kept] == [7, 0] and placed is where


def test_prose_contradicting_every_reading_is_told_apart_from_prose_agreeing_with_one():
    readings = [{"t3.new.a": 0, "t3.old.a": 3}, {"t3.new.a": 3, "t3.old.a": 0}]
    # the prose states new.a 3: the second reading agrees, so the searches may stop at these
    assert not prose_contradicts_all(readings, {"t3.new.a": {3}})
    # the prose states old.a 5: neither reading has it so, a wider search's readings are wanted beside them
    assert prose_contradicts_all(readings, {"t3.old.a": {5}})
    # a prose stating nothing of these cells, or no readings at all, contradicts nothing
    assert not prose_contradicts_all(readings, {"t3.other.a": {1}, "t3.new.a": set()})
    assert not prose_contradicts_all([], {"t3.new.a": {3}})


def test_a_page_no_order_reads_leaves_the_pages_read_alone_read_flagged_and_its_own_unread():
    rows = ["one", "two", "three", "four", "sum"]
    #         a  b  c  total
    # one     5  2  1  8
    # two     3  0  4  7
    # three   6  1  2  9
    # four    2  9  0  11
    # sum     16 12 7  35
    # page 1 (rows one–three): the first two columns interleaved, then 丙列 and 总计 as whole runs;
    # page 2 (four, sum) in an order none of the searches knows
    page_one = ["5", "2", "3", "0", "6", "1", "1", "4", "2", "8", "7", "9"]
    page_two = ["35", "2", "16", "11", "9", "7", "0", "12"]
    plans, items, text = _table(rows, [*page_one, "\f- 2 -", *page_two])
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS)
    assert reading is not None and reading.bands_alone and reading.loose
    assert reading.cells == {
        "t3.one.a": 5, "t3.one.b": 2, "t3.one.c": 1, "t3.one.total": 8,
        "t3.two.a": 3, "t3.two.b": 0, "t3.two.c": 4, "t3.two.total": 7,
        "t3.three.a": 6, "t3.three.b": 1, "t3.three.c": 2, "t3.three.total": 9}
    assert all(p.confidence < 0.9 for p in reading.provenance.values())
    assert "column_order_pages_alone" in {w.code for w in reading.warnings()}
    # one page: no band read alone but the table's own, which no order reads
    plans, items, text = _table(rows, [*page_one, *page_two])
    assert column_major_reading(plans, items, 0, len(items), text, _checks(rows, True), HEADERS) is None
