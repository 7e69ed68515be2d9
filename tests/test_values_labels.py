import pytest

from gktables.labels import label_similarity, normalize_label, strip_ordinal
from gktables.values import PAGE_FOOT_LINE, PAGE_NUMBER_LINE, parse_value


@pytest.mark.parametrize("raw,vtype,value", [
    ("63.8495亿元", "money_wan", 638495.0),
    ("1500084 元", "money_wan", 150.0084),
    ("7730.28", "money_wan", 7730.28),
    ("-34", "signed", -34),
    ("+18", "signed", 18),
    ("－3", "signed", -3),
    ("１２", "count", 12),
    ("21件", "count", 21),
    ("1,234 项", "count", 1234),
    ("U", "count", 0),
    ("", "count", None),
    ("/", "count", None),
    ("—", "count", None),
    ("无", "count", None),
])
def test_parse_value(raw, vtype, value):
    parsed = parse_value(raw, vtype)
    assert parsed.ok and parsed.value == value


@pytest.mark.parametrize("line,in_text,at_page_foot", [
    ("- 3 -", True, True),
    ("第 3 页，共 12 页", True, True),
    ("12 / 40", True, True),
    ("3", False, True),  # in a text stream a number alone on its line is a value cell
    ("第3页（共9页）", False, True),
    ("1234", False, False),
    ("第二十条", False, False),
])
def test_page_number_lines_in_text_and_at_a_page_foot(line, in_text, at_page_foot):
    assert bool(PAGE_NUMBER_LINE.match(line)) is in_text
    assert bool(PAGE_FOOT_LINE.match(line)) is at_page_foot


def test_a_count_cannot_be_signed_or_text():
    assert not parse_value("-3", "count").ok
    assert not parse_value("三", "count").ok


def test_label_normalisation():
    assert normalize_label("（三） 不予 公开") == "(三)不予公开"
    assert normalize_label("本年增/減") == normalize_label("本年增/减")
    assert normalize_label("2.其他法律行政止公开") == normalize_label("2.其他法律行政法规禁止公开")
    assert strip_ordinal(normalize_label("1. 属于国家秘密")) == "属于国家秘密"
    assert label_similarity("总 计", "总计") == 1.0
    assert label_similarity("结果维持", "结果纠正") < 0.8


def test_sequence_ratio_is_difflibs_ratio():
    """labels.sequence_ratio reimplements SequenceMatcher(None, a, b, autojunk=False).ratio() for
    speed: the same figure, to the last bit, on random strings over small alphabets (many repeated
    characters, where the leftmost-longest choice matters) and on every pair of the format's labels."""
    import random
    from difflib import SequenceMatcher

    from gktables.labels import sequence_ratio
    from gktables.schema import load_schema

    def difflib_ratio(a: str, b: str) -> float:
        return SequenceMatcher(None, a, b, autojunk=False).ratio()

    rng = random.Random(18)
    pairs = [("", ""), ("", "a"), ("a", ""), ("abc", "abc")]
    for _ in range(3000):
        alphabet = "abcd"[:rng.randint(1, 4)] + "公开申请"[:rng.randint(0, 4)]
        pairs.append(("".join(rng.choices(alphabet, k=rng.randint(0, 14))),
                      "".join(rng.choices(alphabet, k=rng.randint(0, 14)))))
    schema = load_schema()
    labels = sorted({normalize_label(r.leaf) for v in schema.t2_blocks for r in schema.t2_rows(v)}
                    | {normalize_label(p) for rows in schema.t3_rows.values() for r in rows for p in r.path})
    assert len(labels) > 30
    pairs += [(a, b) for a in labels for b in labels]
    assert [sequence_ratio(a, b) for a, b in pairs] == [difflib_ratio(a, b) for a, b in pairs]
