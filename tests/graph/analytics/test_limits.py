from __future__ import annotations

import pytest

from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits, AnalysisTooLarge


def test_the_defaults_are_the_agreed_bounds() -> None:
    limits = DEFAULT_LIMITS
    assert (limits.max_depth, limits.max_nodes, limits.max_links, limits.max_path_length) == (
        3, 5000, 20000, 6)


def test_the_error_names_the_limit_and_says_by_how_much_it_was_exceeded() -> None:
    with pytest.raises(AnalysisTooLarge) as raised:
        AnalysisLimits().check_size(nodes=5250)
    error = raised.value
    assert (error.limit, error.allowed, error.asked) == ("max_nodes", 5000, 5250)
    assert "max_nodes is 5000 but this analysis needs 5250 (250 over)" in str(error)


def test_too_large_is_a_value_error_so_callers_can_treat_it_as_bad_input() -> None:
    assert issubclass(AnalysisTooLarge, ValueError)


def test_links_are_checked_after_nodes() -> None:
    with pytest.raises(AnalysisTooLarge, match="max_links is 20000 .* 20001"):
        AnalysisLimits().check_size(nodes=10, links=20001)


def test_at_the_limit_is_allowed() -> None:
    limits = AnalysisLimits()
    limits.check_size(nodes=5000, links=20000)
    limits.check_depth(3)
    limits.check_path_length(6)


def test_depth_and_path_length_beyond_their_limits_are_refused() -> None:
    with pytest.raises(AnalysisTooLarge, match="max_depth"):
        AnalysisLimits(max_depth=2).check_depth(3)
    with pytest.raises(AnalysisTooLarge, match="max_path_length"):
        AnalysisLimits().check_path_length(9)


def test_depth_and_path_length_below_one_are_errors_but_not_too_large() -> None:
    for check in (AnalysisLimits().check_depth, AnalysisLimits().check_path_length):
        with pytest.raises(ValueError, match="at least 1") as raised:
            check(0)
        assert not isinstance(raised.value, AnalysisTooLarge)
