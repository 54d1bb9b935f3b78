"""Money on the pages: one format everywhere, ¥1,000,000.00 (documents print 万元 with `wan_yuan`)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def grouped(amount) -> str:
    """1000000 → 1,000,000.00: for messages whose translated text already carries the ¥."""
    return f"{Decimal(str(amount)):,.2f}"


@register.filter
def yuan(amount) -> str:
    """¥ with thousands separators and two decimals; an unknown amount is a dash, not ¥0.00."""
    if amount is None or amount == "":
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    return f"{'-' if value < 0 else ''}¥{grouped(abs(value))}"
