"""The consent rule on the Python side (`consent_allows`); the Cypher side reads the same table
in tests/graph/test_consent_filter.py."""

from __future__ import annotations

from typing import Any

import pytest

from hub.auth.policy import consent_allows
from tests.consent_cases import CASES, ORDINARY_BASIS, WITHOUT_CONSENT_BASIS


@pytest.mark.parametrize(("name", "record", "follows", "free", "shared"), CASES,
                         ids=[c[0] for c in CASES])
def test_the_consent_rule(name: str, record: dict[str, Any], follows: list[dict[str, Any]],
                          free: bool, shared: bool) -> None:
    basis = WITHOUT_CONSENT_BASIS if free else ORDINARY_BASIS
    ok, reason = consent_allows(record, basis, follows)
    assert ok is shared, (name, reason)
    assert reason
