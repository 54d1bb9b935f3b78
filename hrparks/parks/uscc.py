"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters from a 31-character alphabet (digits and capitals without I, O, S, V, Z):
registration authority (1), institution category (1), administrative division (6 digits),
organization code (9), check character (1).
"""

from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {char: index for index, char in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_error(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code, or None when it is."""
    if not isinstance(code, str) or len(code) != 18:
        return _("must be 18 characters")
    bad = [char for char in code if char not in _VALUE]
    if bad:
        return _("contains characters not allowed: %(chars)s") % {"chars": "".join(dict.fromkeys(bad))}
    if not code[2:8].isdigit():
        return _("characters 3–8 must be the administrative division code (digits)")
    if check_character(code[:17]) != code[17]:
        return _("check digit is wrong")
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_error(code) is None
