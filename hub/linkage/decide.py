"""From a scored pair to a decision: link, send for review, or leave apart; and why.

The model's weight is evidence, not the whole rule. Two rules sit above it because
Fellegi-Sunter assumes fields disagree independently, and households break that:
- twins and siblings share a family name, an address and (twins) a date of birth, so a
  pair whose given names disagree is never linked automatically, only reviewed;
- a pair that differs in both given name and date of birth is a sibling, however much
  else agrees, and is left apart;
- a valid identifier is decisive: the same NHS number (say) links, two different valid
  values of one scheme keep the records apart.

>>> t = Thresholds(link=12.0, review=2.0)
>>> decide({"match_weight": 20.0, "forename": "same given name"}, {}, {}, t).outcome
'link'
>>> decide({"match_weight": 20.0, "forename": "a typo apart"}, {}, {}, t).outcome
'review'
>>> decide({"match_weight": 3.0}, {"nhs": "9434765919"}, {"nhs": "9434765919"}, t).outcome
'link'
>>> decide({"match_weight": -9.0}, {"nhs": "9434765919"}, {"nhs": "9434765919"}, t).outcome
'review'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Levels of the forename comparison that say the two given names are one name.
_SAME_FORENAME = frozenset({"same given name", "same name by its short form (a nickname)",
                            "given and family names transposed", "not recorded on one side"})


@dataclass(frozen=True)
class Thresholds:
    """Match weights (log2 of the Bayes factor with λ) for linking and for review."""

    link: float = 6.0
    review: float = -4.0


@dataclass(frozen=True)
class Evidence:
    """One comparison's part in a decision: what agreed, and its partial match weight."""

    comparison: str
    level: str
    weight: float


@dataclass
class Decision:
    outcome: str  # "link", "review" or "apart"
    match_weight: float
    probability: float
    reasons: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def decide(scored: dict[str, Any], left_ids: dict[str, str], right_ids: dict[str, str],
           thresholds: Thresholds) -> Decision:
    """The decision for one pair; `scored` is a splink prediction row (labels resolved)."""
    weight = float(scored.get("match_weight", float("-inf")))
    probability = float(scored.get("match_probability", 0.0))
    decision = Decision("apart", weight, probability, evidence=list(scored.get("evidence", [])))
    shared = sorted(s for s in left_ids.keys() & right_ids.keys() if left_ids[s] == right_ids[s])
    clashing = sorted(s for s in left_ids.keys() & right_ids.keys() if left_ids[s] != right_ids[s])
    if clashing:
        decision.reasons.append(f"different valid {', '.join(clashing)} identifiers")
        return decision
    if shared:
        if weight >= thresholds.review:
            decision.outcome = "link"
            decision.reasons.append(f"same valid {', '.join(shared)} identifier")
        else:
            decision.outcome = "review"
            decision.reasons.append(
                f"same valid {', '.join(shared)} identifier, but little else agrees: "
                "check for an identifier recorded against the wrong child")
        return decision
    if scored.get("forename") == "different given names" and \
            scored.get("dob") == "different dates of birth":
        decision.reasons.append("a different given name and a different date of birth: "
                                "a sibling at the same address, not the same child")
        return decision
    if weight >= thresholds.link:
        doubts = _household_doubts(scored)
        if doubts:
            decision.outcome = "review"
            decision.reasons.extend(doubts)
        else:
            decision.outcome = "link"
            decision.reasons.append(f"match weight {weight:.1f} at or above {thresholds.link}")
    elif weight >= thresholds.review:
        decision.outcome = "review"
        decision.reasons.append(
            f"match weight {weight:.1f} between {thresholds.review} and {thresholds.link}")
    return decision


def _household_doubts(scored: dict[str, Any]) -> list[str]:
    """Why a strong pair may still be two children of one household, or nothing."""
    doubts = []
    forename = scored.get("forename")
    if forename is not None and forename not in _SAME_FORENAME:
        doubts.append("given names disagree: twins and siblings share everything else, so "
                      "this pair is never linked without a person's review")
    if scored.get("gender") == "All other comparisons":
        doubts.append("recorded genders differ")
    return doubts
