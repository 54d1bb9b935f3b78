"""Filters of the print templates: numbers, dates and ticks the way Chinese official documents write them."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

BLANK_DATE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


@register.filter
def cn_date(value) -> str:
    """2026年11月26日 (GB/T 9704: Arabic numerals, year, month and day in full, no leading zeros);
    a blank date to be filled in by hand when there is none."""
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return BLANK_DATE
    return f"{value.year}年{value.month}月{value.day}日"


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def number(value) -> str:
    """6000 / 3999.5 / 12.25: no grouping, no trailing zeros, '—' for nothing."""
    amount = _decimal(value)
    if value is None or amount is None:
        return "—"
    amount = amount.quantize(Decimal("0.01"))
    return f"{amount.normalize():f}" if amount != amount.to_integral_value() else str(int(amount))


@register.filter
def wan_yuan(value) -> str:
    """1000000 → 100万元; amounts that are not whole 万 stay in 元."""
    amount = _decimal(value)
    if value is None or amount is None:
        return "—"
    if amount % 10000 == 0:
        return f"{int(amount / 10000)}万元"
    return f"{number(amount)}元"


@register.filter
def yes_no(value) -> str:
    return "是" if value else "否"


@register.filter
def tick(value) -> str:
    """■ offered / □ not offered: the boxes of a paper form (in every GB 2312 font, unlike ☑)."""
    return "■" if value else "□"


@register.filter
def you(jurisdiction: str) -> str:
    """How a reply addresses a city-level government: 你市, 你州 (自治州), 你委 (管委会)."""
    if jurisdiction.endswith("州"):
        return "你州"
    if jurisdiction.endswith("管委会"):
        return "你委"
    return "你市"
