"""An identifier is decisive evidence, so a mistyped one must be refused, never stored."""

from __future__ import annotations

import pytest

from hub.domain.identifiers import SCHEMES, normalise, parse, pnc_check_letter, problem, upn_check_letter


def test_a_valid_nhs_number_passes_with_or_without_spaces() -> None:
    assert problem("nhs", "943 476 5919") is None
    assert parse("nhs", "943-476-5919").value == "9434765919"


@pytest.mark.parametrize("digit", "012345678")
def test_every_single_digit_slip_in_an_nhs_number_fails_its_check(digit: str) -> None:
    slipped = "943476591" + digit  # the true check digit is 9
    assert "modulus 11" in (problem("nhs", slipped) or "")


def test_an_nhs_number_of_the_wrong_length_says_so() -> None:
    assert problem("nhs", "94347659") == "an NHS number is ten digits; '94347659' is not"


def test_nine_digits_whose_check_would_be_ten_have_no_valid_nhs_number() -> None:
    # 100000004: 1*10 + 4*2 = 18, 11 - 18 % 11 = 4 ... find one whose remainder is 1.
    from hub.domain.identifiers import nhs_check_digit
    nine = next(f"{n:09d}" for n in range(100000000, 100001000) if nhs_check_digit(f"{n:09d}") is None)
    assert all(problem("nhs", nine + d) for d in "0123456789")


def test_a_upn_carries_its_check_letter_first() -> None:
    rest = "801200001001"
    assert problem("upn", upn_check_letter(rest) + rest) is None
    wrong = "A" if upn_check_letter(rest) != "A" else "B"
    assert "check letter" in (problem("upn", wrong + rest) or "")
    assert "eleven digits" in (problem("upn", "H80120000100") or "")


def test_a_police_reference_is_checked_by_its_letter() -> None:
    good = f"19/1234567{pnc_check_letter('19', '1234567')}"
    assert problem("police", good) is None
    assert problem("police", normalise("police", " 19/1234567j ")) is None
    assert "check letter" in (problem("police", "19/1234567A") or "")
    assert "YY/NNNNNNNL" in (problem("police", "1234567") or "")


def test_a_social_care_id_is_digits_only() -> None:
    assert problem("social_care", "586729") is None
    assert problem("social_care", "58-67-29") is None
    assert problem("social_care", "SC586729") == (
        "a social care person id is 5 to 10 digits; 'SC586729' is not")


def test_an_unknown_scheme_lists_the_known_ones() -> None:
    message = problem("passport", "123") or ""
    assert all(scheme in message for scheme in SCHEMES)
