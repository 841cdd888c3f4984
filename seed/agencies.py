"""The six partner agencies, their teams and practitioners (who record and who ask)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hub.graph.model import AGENCIES
from seed import names
from seed.dataset import Builder

TEAMS: dict[str, tuple[str, ...]] = {
    "police": ("MACE Team", "Missing Persons Coordination", "Public Protection Unit",
               "Neighbourhood Policing West", "Neighbourhood Policing North",
               "Force Intelligence Bureau"),
    "trust": ("MASH", "Early Help West", "Early Help North", "Children's Social Care West",
              "Children's Social Care North", "Exploitation Hub"),
    "yos": ("Prevention and Diversion (PADS)", "Youth Justice Casework", "Risk Panel"),
    "health": ("CAMHS", "0-19 Service", "Named Nurses for Safeguarding", "Urgent Care"),
    "education": ("Inclusion and Attendance", "Virtual School",
                  "Designated Safeguarding Leads"),
    "eis": ("Youth Team", "Domestic Abuse Team", "Locality Team", "YVIU",
            "Missing Persons Unit"),
}

# Teams whose people analyse rather than hold cases.
ANALYST_TEAMS = frozenset({"MACE Team", "Force Intelligence Bureau", "YVIU", "Exploitation Hub",
                           "Missing Persons Unit"})
GOVERNANCE = ("ig_lead", "auditor", "administrator")


@dataclass(frozen=True)
class Practitioner:
    id: str
    name: str
    agency: str
    role: str
    team: str


@dataclass
class Workforce:
    agencies: dict[str, str]  # code -> Agency id
    teams: dict[str, list[str]]  # agency code -> Team ids
    practitioners: list[Practitioner]

    def by_agency(self, agency: str, role: str | None = None) -> list[Practitioner]:
        return [p for p in self.practitioners
                if p.agency == agency and (role is None or p.role == role)]


def build(b: Builder, rng: random.Random, practitioners: int) -> Workforce:
    when = "2021-06-01T09:00:00"
    agencies = {code: b.node("agency", code, "reference", when, node_id=f"agy_{code}",
                             name=name, code=code)
                for code, name in AGENCIES.items()}
    teams: dict[str, list[str]] = {}
    team_rows: list[tuple[str, str, str]] = []
    for code, team_names in TEAMS.items():
        for team in team_names:
            team_id = b.node("team", code, "reference", when, name=team)
            b.rel("PART_OF", team_id, agencies[code], code, "reference", when)
            teams.setdefault(code, []).append(team_id)
            team_rows.append((code, team_id, team))

    people: list[Practitioner] = []

    def hire(code: str, team_id: str, team: str, role: str) -> None:
        given = names.given_name(rng, rng.choice(("female", "female", "male")), "white")
        name = f"{given} {rng.choice(names.PRACTITIONER_FAMILY)}"
        pid = b.node("practitioner", code, "reference", when, name=name, role=role)
        b.rel("WORKS_IN", pid, team_id, code, "reference", when)
        people.append(Practitioner(pid, name, code, role, team))

    # Governance first, so every agency has an IG lead, an auditor and an administrator.
    for code in TEAMS:
        first = next((tid, t) for c, tid, t in team_rows if c == code)
        for role in GOVERNANCE:
            hire(code, first[0], first[1], role)
    remaining = max(practitioners - len(people), len(team_rows) * 2)
    for n in range(remaining):
        code, team_id, team = team_rows[n % len(team_rows)]
        if team in ANALYST_TEAMS and rng.random() < 0.4:
            role = "analyst"
        else:
            role = "panel_member" if rng.random() < 0.18 else "practitioner"
        hire(code, team_id, team, role)
    return Workforce(agencies, teams, people)
