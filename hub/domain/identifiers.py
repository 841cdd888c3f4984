"""The identifiers agencies hold for a person, and whether a given one is well formed.

A shared identifier is the strongest evidence two records are one child, so a mistyped
one must never join two children: every scheme with a check character is checked, and
a value that fails is refused rather than stored.

>>> normalise("nhs", "943 476 5919")
'9434765919'
>>> problem("nhs", "9434765918")
'an NHS number ends in its modulus 11 check digit; 9434765918 fails it'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCHEMES: dict[str, str] = {
    "nhs": "NHS number (ten digits, modulus 11 check)",
    "upn": "unique pupil number (thirteen characters, check letter first)",
    "police": "police person reference, the PNC ID form YY/NNNNNNNL",
    "social_care": "social care person id (the case system's number, 5 to 10 digits)",
}

# Which agency usually issues each scheme (any agency may record one it holds).
ISSUER: dict[str, str] = {"nhs": "health", "upn": "education", "police": "police",
                          "social_care": "trust"}

# The data category an identifier is shared under, by what holding it says about a person.
# The NHS number is the consistent identifier for health and care and is meant to travel
# with the person (identity); a pupil number is for education use only (DfE guidance); a
# police reference says the person is known to the police (offending); a social care id
# says they are known to children's social care (safeguarding).
CATEGORY: dict[str, str] = {"nhs": "identity", "upn": "education", "police": "offending",
                            "social_care": "safeguarding"}

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_SPACES = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class Identifier:
    """One identifier as recorded: its scheme and its normal form."""

    scheme: str
    value: str


def normalise(scheme: str, raw: str) -> str:
    """The form a value is stored and searched in: spaces and dashes gone, upper case."""
    text = _SPACES.sub("", raw.strip()).upper()
    if scheme == "police":
        text = text.replace("\\", "/")
    return text


def problem(scheme: str, raw: str) -> str | None:
    """What is wrong with `raw` as an identifier of `scheme`, or None when it is valid."""
    if scheme not in SCHEMES:
        return f"unknown identifier scheme {scheme!r}; use one of {', '.join(SCHEMES)}"
    value = normalise(scheme, raw)
    return _CHECKS[scheme](value)


def parse(scheme: str, raw: str) -> Identifier:
    """The identifier, or ValueError saying what is wrong with it."""
    wrong = problem(scheme, raw)
    if wrong:
        raise ValueError(wrong)
    return Identifier(scheme, normalise(scheme, raw))


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None where none exists (remainder 1).

    >>> nhs_check_digit("943476591")
    9
    """
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for the twelve characters after it (the last may be a letter).

    >>> upn_check_letter("801200001001")
    'H'
    """
    values = [int(c) if c.isdigit() else _UPN_LETTERS.index(c) for c in last_twelve]
    return _UPN_LETTERS[sum(v * w for v, w in zip(values, range(2, 14), strict=True)) % 23]


def pnc_check_letter(year: str, serial: str) -> str:
    """The PNC ID check letter for a two-digit year and a serial of up to seven digits.

    >>> pnc_check_letter("19", "1234567")
    'J'
    """
    return _PNC_LETTERS[int(year + serial.zfill(7)) % 23]


def _nhs(value: str) -> str | None:
    if not re.fullmatch(r"\d{10}", value):
        return f"an NHS number is ten digits; {value!r} is not"
    if nhs_check_digit(value[:9]) != int(value[9]):
        return f"an NHS number ends in its modulus 11 check digit; {value} fails it"
    return None


def _upn(value: str) -> str | None:
    if not re.fullmatch(rf"[{_UPN_LETTERS}]\d{{11}}[0-9{_UPN_LETTERS}]", value):
        return (f"a unique pupil number is a check letter, eleven digits and a digit or "
                f"letter; {value!r} is not")
    if upn_check_letter(value[1:]) != value[0]:
        return f"a unique pupil number starts with its check letter; {value} fails it"
    return None


def _police(value: str) -> str | None:
    match = re.fullmatch(r"(\d{2})/(\d{1,7})([A-Z])", value)
    if not match:
        return f"a police person reference has the form YY/NNNNNNNL; {value!r} does not"
    year, serial, letter = match.groups()
    if pnc_check_letter(year, serial) != letter:
        return f"a police person reference ends in its check letter; {value} fails it"
    return None


def _social_care(value: str) -> str | None:
    if not re.fullmatch(r"\d{5,10}", value):
        return f"a social care person id is 5 to 10 digits; {value!r} is not"
    return None


_CHECKS = {"nhs": _nhs, "upn": _upn, "police": _police, "social_care": _social_care}
