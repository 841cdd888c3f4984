"""The linkage thresholds are configuration, checked when the hub starts."""

from __future__ import annotations

import pytest

from hub.config import ConfigError, Settings


def test_the_thresholds_default_to_the_engine_s_and_can_be_set() -> None:
    assert (Settings.from_env({}).link_threshold, Settings.from_env({}).review_threshold) == (6, -4)
    chosen = Settings.from_env({"HUB_LINK_THRESHOLD": "8.5", "HUB_REVIEW_THRESHOLD": "0"})
    assert (chosen.link_threshold, chosen.review_threshold) == (8.5, 0)


@pytest.mark.parametrize(("env", "words"), [
    ({"HUB_REVIEW_THRESHOLD": "9"}, "must not be above HUB_LINK_THRESHOLD"),
    ({"HUB_LINK_THRESHOLD": "high"}, "HUB_LINK_THRESHOLD must be a number"),
    ({"HUB_REVIEW_THRESHOLD": "nan"}, "finite"),
])
def test_a_bad_threshold_is_refused_naming_it(env: dict[str, str], words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        Settings.from_env(env)
