"""The manifest of the structure planted in the county, for tests and analytics to find again.

Background noise is random; these storylines are deliberate and clearly stronger than
the noise, so an analytic that works must find them, and a test can say exactly what
it should find.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

_ID = re.compile(r"^[a-z]{3}_\d+$")


@dataclass
class PlantedGroup:
    """A dense peer group of children with one adult of concern at its edge."""

    members: list[str]
    edge_adult: str
    edge_links: list[str]  # the one or two members the edge adult is linked to
    town: str
    group_id: str | None  # its PeerGroup node; None when analytics have yet to propose it


@dataclass
class PlantedCluster:
    """Young people who are co-suspects in several incidents in one area."""

    members: list[str]
    incidents: list[str]
    town: str
    ward: str


@dataclass
class PlantedMissing:
    """Children who go missing repeatedly and together, and are found at the same places."""

    children: list[str]
    episodes: dict[str, list[str]]  # child id -> their episode ids, oldest first
    found_places: list[str]
    long_episode: str  # an episode over 24 hours
    open_episode: str
    incident_while_missing: str
    incident_child: str  # the child whose episode the incident falls in


@dataclass
class PlantedLine:
    """A county line with its phones, people, exporting area and cuckooed addresses."""

    line_id: str
    name: str
    phones: list[str]
    numbers: list[str]
    controller: str
    runners: list[str]
    child_runners: list[str]
    cuckooed: list[str]  # Place ids, in two importing areas
    exporting_area: str
    importing_areas: list[str]


@dataclass
class Protective:
    """A trusted adult or positive activity tie around a planted child."""

    child: str
    adult: str
    context: str


@dataclass
class Planted:
    peer_groups: list[PlantedGroup] = field(default_factory=list)
    bridge_child: str = ""
    bridged_groups: tuple[int, int] = (0, 1)  # indexes into `peer_groups`
    co_offending: list[PlantedCluster] = field(default_factory=list)
    missing: PlantedMissing | None = None
    county_lines: list[PlantedLine] = field(default_factory=list)
    brokers: list[str] = field(default_factory=list)  # people linked to two lines
    protective: list[Protective] = field(default_factory=list)
    # mace, domestic_abuse, missing, yviu, mash, suspended, expired, review_overdue
    agreements: dict[str, str] = field(default_factory=dict)
    panel: str = ""  # the latest MACE panel
    decisions: list[str] = field(default_factory=list)
    overdue_actions: list[str] = field(default_factory=list)
    done_actions: list[str] = field(default_factory=list)
    assessments: list[str] = field(default_factory=list)
    consent_refused_referral: str = ""
    safeguarding_override_referral: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def all_ids(self) -> set[str]:
        """Every id the manifest names, so a test can check each one exists."""
        found: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, str) and _ID.match(value):
                found.add(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)

        walk(self.as_dict())
        return found
