"""What a reviewer may type for a cell, checked against the schema's value type."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..schema import ValueType
from ..values import TYPED_COUNT, TYPED_MONEY, TYPED_SIGNED

MAX_ABS = 10**12  # no report prints more; a longer number is a typing slip
BLANK_WORDS = frozenset({"", "blank", "null", "/", "-", "—"})


class ValueInputError(ValueError):
    """A typed value the cell's type does not allow; the message says what is allowed."""


def parse_typed(text: str, vtype: ValueType) -> int | float | None:
    """The reviewer's text as the cell's value: None for a printed blank, int for counts and signed
    numbers, float 万元 for money."""
    s = text.strip().replace(",", "").replace("，", "")
    if s.lower() in BLANK_WORDS:
        return None
    if vtype == "count":
        if not TYPED_COUNT.match(s):
            raise ValueInputError(f"'{text}' is not a count: type a whole number ≥ 0, or leave it empty for blank")
        return _bounded(int(s), text)
    if vtype == "signed":
        if not TYPED_SIGNED.match(s):
            raise ValueInputError(f"'{text}' is not a whole number (it may be negative)")
        return _bounded(int(s), text)
    if not TYPED_MONEY.match(s):
        raise ValueInputError(f"'{text}' is not an amount in 万元: digits with at most 6 decimals")
    try:
        amount = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise ValueInputError(f"'{text}' is not a decimal") from exc
    value = float(amount)
    return _bounded(int(value) if amount == amount.to_integral_value() else value, text)


def _bounded(value: int | float, text: str) -> int | float:
    if abs(value) > MAX_ABS:
        raise ValueInputError(f"'{text}' is larger than any report prints")
    return value
